package dev.speech4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * speech-tts-piper's dummy Piper voice (its test-jar; made by {@code tools/make_dummy_voice.py}), copied to a
 * temporary directory for as long as a benchmark needs it. Its ONNX graph costs next to nothing, so a Piper call
 * on it measures the Java side: phonemes, ids, tensors, normalisation.
 */
final class DummyPiperVoice implements AutoCloseable {
  private static final String RESOURCES = "/dev/speech4j/tts/piper/internal/";

  private final Path dir;

  DummyPiperVoice() {
    try {
      dir = Files.createTempDirectory("speech4j-bench-voice");
      for (String name : new String[] {"dummy-voice.onnx", "dummy-voice.onnx.json"}) {
        try (InputStream in = DummyPiperVoice.class.getResourceAsStream(RESOURCES + name)) {
          Files.copy(in, dir.resolve(name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path model() {
    return dir.resolve("dummy-voice.onnx");
  }

  @Override
  public void close() {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
