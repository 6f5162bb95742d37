package dev.speech4j.engine.djl.whisper;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exported model directories the whisper-djl tests run, made by tools/make_test_models.sh (CI runs it before
 * Maven): {@code micro-en} and {@code micro-ml}, regenerated bit-identically from the seed of the committed
 * fixtures, and {@code tiny-random}, a fresh tiny-dims model with the exporter's PyTorch outputs. Tests that need
 * them are skipped when they have not been made.
 */
final class TestModels {
  private TestModels() {}

  /** {@code $SPEECH4J_WHISPER_MODELS/name}, else {@code target/whisper-models/name}. */
  static Path model(String name) {
    String root = System.getenv("SPEECH4J_WHISPER_MODELS");
    Path dir = Path.of(root != null ? root : "target/whisper-models").resolve(name);
    assumeTrue(Files.isRegularFile(dir.resolve("decoder.pt")),
        "no exported " + name + " model: run speech-engine-djl/tools/make_test_models.sh (sets up " + dir + ")");
    return dir;
  }
}
