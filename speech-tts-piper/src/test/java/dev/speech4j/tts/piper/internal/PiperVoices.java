package dev.speech4j.tts.piper.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The dummy Piper voices made by {@code tools/make_dummy_voice.py}, copied out of the test resources. */
final class PiperVoices {
  static final String[] FILES = {"dummy-voice.onnx", "dummy-voice.onnx.json", "dummy-voice-single.onnx",
      "dummy-voice-single.onnx.json"};

  private PiperVoices() {}

  /** Copies every dummy voice file into {@code dir}; returns the three-speaker model. */
  static Path dummy(Path dir) throws IOException {
    for (String name : FILES) {
      try (InputStream in = PiperVoices.class.getResourceAsStream(name)) {
        Files.copy(in, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir.resolve("dummy-voice.onnx");
  }

  /** The one-speaker model, after {@link #dummy}. */
  static Path single(Path dir) {
    return dir.resolve("dummy-voice-single.onnx");
  }
}
