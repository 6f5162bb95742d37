package dev.speech4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared} (test data and model assets) beside the checkout. */
public final class SharedData {
  private SharedData() {}

  /** The shared directory: system property {@code speech4j.shared}, set by the build, else {@code ../shared}. */
  public static Path root() {
    String configured = System.getProperty("speech4j.shared");
    Path root = configured != null ? Path.of(configured) : Path.of("..", "shared");
    if (!Files.isDirectory(root)) {
      root = Path.of("..", "..", "shared");
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("../shared not found beside the checkout (looked for " + root.toAbsolutePath()
          + "); set -Dspeech4j.shared=DIR");
    }
    return root.normalize();
  }

  /** A file under {@code shared/testdata}. */
  public static Path testdata(String relative) {
    return root().resolve("testdata").resolve(relative);
  }
}
