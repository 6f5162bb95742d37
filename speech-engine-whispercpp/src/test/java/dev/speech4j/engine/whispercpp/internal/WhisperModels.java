package dev.speech4j.engine.whispercpp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import dev.speech4j.testing.WhisperReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The exported test models (made once per checkout by {@code speech-engine-djl/tools/make_test_models.sh}, see
 * {@link WhisperReference#testModels}) and the committed openai/whisper outputs.
 */
final class WhisperModels {
  /** openai/whisper's transcribe() outputs for the micro models, committed by the exporter. */
  static final Path EXPECTED = Path.of("../speech-engine-djl/src/test/resources/whisper/expected");

  private WhisperModels() {}

  static Path dir() {
    return WhisperReference.testModels();
  }

  /** {@code NAME/ggml-model.bin} of an exported model; skips the test when it is missing. */
  static Path ggml(String name) {
    return existing(dir().resolve(name).resolve("ggml-model.bin"));
  }

  /** {@code file}, which must have been exported. */
  static Path existing(Path file) {
    assertThat(file).as("exported").isRegularFile();
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
