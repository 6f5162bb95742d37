package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.testing.WhisperReference;
import java.nio.file.Path;

/**
 * The exported model directories the whisper-djl tests run, made once per checkout by tools/make_test_models.sh
 * ({@link WhisperReference#testModels}): {@code micro-en} and {@code micro-ml}, regenerated bit-identically from the
 * seed of the committed fixtures, and {@code tiny-random}, a fresh tiny-dims model with the exporter's PyTorch
 * outputs.
 */
final class TestModels {
  private TestModels() {}

  static Path model(String name) {
    Path dir = WhisperReference.testModels().resolve(name);
    assertThat(dir.resolve("decoder.pt")).as("exported " + name).isRegularFile();
    return dir;
  }
}
