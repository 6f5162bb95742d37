package dev.speech4j.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Puts a finished file in place so that no reader ever sees it half written. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Renames {@code staged} (written beside {@code target}) over {@code target}, atomically where possible. */
  public static void replace(Path staged, Path target) throws IOException {
    try {
      Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
