package dev.speech4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The exported tiny-dims Whisper model both whisper engines' benchmarks run on, so that one JMH run compares them:
 * {@code -Dspeech4j.whisper.model=DIR}, else {@code target/test-models/whisper-models/tiny-en} of the checkout, which
 * the tests make (speech-engine-djl/tools/make_test_models.sh, run once by the build's tests). It is exported
 * with seed 1, so that every run decodes the same tokens, with the TorchScript files and an f16
 * {@code ggml-model.bin}.
 */
public final class WhisperBenchmarkModel {
  private WhisperBenchmarkModel() {}

  /** The first candidate directory that holds {@code file}, e.g. {@code decoder.pt} or {@code ggml-model.bin}. */
  public static Optional<Path> find(String file) {
    String property = System.getProperty("speech4j.whisper.model");
    return List.of(
            property != null ? Path.of(property) : Path.of("-"),
            Path.of("target/test-models/whisper-models/tiny-en"),
            Path.of("../target/test-models/whisper-models/tiny-en"))
        .stream().filter(dir -> Files.isRegularFile(dir.resolve(file))).findFirst();
  }

  /** Like {@link #find} but throws, with the command that exports the model, when none holds {@code file}. */
  public static Path require(String file) {
    return find(file).orElseThrow(() -> new IllegalStateException("no tiny-dims whisper model with " + file
        + ": run the tests once (./mvnw verify), or speech-engine-djl/tools/make_test_models.sh target/test-models/"
        + "whisper-models"));
  }

  /** jfk.wav of the shared test data. */
  public static Path jfk() {
    return Path.of(System.getProperty("speech4j.shared", "../shared"), "testdata", "jfk.wav");
  }
}
