package dev.speech4j.engine.whispercpp.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The exported test models ({@code $SPEECH4J_WHISPER_MODELS}, or {@code -Dspeech4j.whisper.models}, made by
 * {@code speech-engine-djl/tools/make_test_models.sh}) and the committed openai/whisper outputs. Tests that need a
 * model skip when none was exported.
 */
final class WhisperModels {
  /** openai/whisper's transcribe() outputs for the micro models, committed by the exporter. */
  static final Path EXPECTED = Path.of("../speech-engine-djl/src/test/resources/whisper/expected");

  private WhisperModels() {}

  static Path dir() {
    String configured = System.getProperty("speech4j.whisper.models", System.getenv("SPEECH4J_WHISPER_MODELS"));
    assumeTrue(configured != null, "SPEECH4J_WHISPER_MODELS is unset: run speech-engine-djl/tools/make_test_models.sh");
    return Path.of(configured);
  }

  /** {@code NAME/ggml-model.bin} of an exported model; skips the test when it is missing. */
  static Path ggml(String name) {
    return existing(dir().resolve(name).resolve("ggml-model.bin"));
  }

  /** {@code file} when it was exported; skips the test otherwise. */
  static Path existing(Path file) {
    assumeTrue(Files.isRegularFile(file), file + " was not exported");
    return file;
  }

  /** A committed expected output, e.g. {@code en-jfk-greedy.json}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> expected(String name) {
    try {
      return new Gson().fromJson(Files.readString(EXPECTED.resolve(name)), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The token ids of every segment of an expected output, in order. */
  @SuppressWarnings("unchecked")
  static List<Integer> tokens(Map<String, Object> expected) {
    return ((List<Map<String, Object>>) expected.get("segments")).stream()
        .flatMap(s -> ((List<Double>) s.get("tokens")).stream()).map(Double::intValue).toList();
  }
}
