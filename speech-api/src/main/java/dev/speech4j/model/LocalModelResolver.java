package dev.speech4j.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds models in a local directory: {@code DIR/ENGINE/NAME} first, then {@code DIR/NAME}. The directory is the
 * system property {@code speech4j.models}, else the environment variable {@code SPEECH4J_MODELS}, else
 * {@code ~/.cache/speech4j/models}.
 */
public final class LocalModelResolver implements ModelResolver {
  private final Path root;

  public LocalModelResolver(Path root) {
    this.root = root;
  }

  /** The resolver over the configured default directory. */
  public static LocalModelResolver fromEnvironment() {
    String dir = System.getProperty("speech4j.models", System.getenv("SPEECH4J_MODELS"));
    return new LocalModelResolver(
        dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "speech4j", "models"));
  }

  public Path root() {
    return root;
  }

  @Override
  public Optional<Path> resolve(String name, String engine) {
    for (Path candidate : new Path[] {root.resolve(engine).resolve(name), root.resolve(name)}) {
      Path normal = candidate.normalize();
      if (normal.startsWith(root.normalize()) && Files.exists(normal)) {
        return Optional.of(normal);
      }
    }
    return Optional.empty();
  }

  @Override
  public String describe() {
    return root.toAbsolutePath().toString();
  }

  @Override
  public int priority() {
    return Integer.MIN_VALUE;
  }
}
