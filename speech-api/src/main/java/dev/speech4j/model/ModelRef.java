package dev.speech4j.model;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which model to load: a local file or directory, a name for the {@link ModelResolver}s to find (e.g.
 * {@code "tiny.en"}), or the engine's built-in default. Names are restricted to letters, digits, {@code . _ -} and
 * at most one {@code /} (as in {@code owner/model}), so a name can never escape a model directory.
 */
public final class ModelRef {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9][A-Za-z0-9._-]{0,127})?");
  private static final ModelRef DEFAULT = new ModelRef(null, null);

  private final Path path;
  private final String name;

  private ModelRef(Path path, String name) {
    this.path = path;
    this.name = name;
  }

  /** A model file or directory on disk. */
  public static ModelRef of(Path path) {
    return new ModelRef(Objects.requireNonNull(path, "path"), null);
  }

  /**
   * A model by name, found by the resolvers.
   *
   * @throws InvalidOptionsException if the name has characters outside {@code [A-Za-z0-9._-]}, starts with a dot,
   *     or has more than one {@code /}
   */
  public static ModelRef named(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw new InvalidOptionsException("invalid model name '" + name
          + "': use letters, digits, '.', '_' and '-' (and at most one '/'), or give a file path instead");
    }
    return new ModelRef(null, name);
  }

  /** The engine's built-in or bundled model. */
  public static ModelRef defaultModel() {
    return DEFAULT;
  }

  /**
   * Reads what a user typed: an existing path, anything that looks like a path ({@code ./x}, {@code /x},
   * {@code x.bin}, {@code a/b/c}), or else a name.
   */
  public static ModelRef parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new InvalidOptionsException("model reference is blank: give a file, a directory or a model name");
    }
    Path candidate = Path.of(text);
    boolean looksLikePath = text.startsWith(".") || text.startsWith("/") || text.startsWith("~")
        || text.contains("\\") || text.chars().filter(c -> c == '/').count() > 1
        || text.matches(".*\\.(bin|onnx|pt|json|gguf)$");
    return looksLikePath || Files.exists(candidate) ? of(candidate) : named(text);
  }

  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  public boolean isDefault() {
    return path == null && name == null;
  }

  /**
   * The file or directory this reference points at: the path itself, or the first match among the resolvers.
   *
   * @param engine the engine asking, so that resolvers can keep per-engine folders
   * @throws ModelNotFoundException if the path does not exist, no resolver knows the name, or this is the default
   */
  public Path resolve(String engine) {
    if (path != null) {
      if (!Files.exists(path)) {
        throw new ModelNotFoundException("model not found: " + path.toAbsolutePath() + " does not exist");
      }
      return path;
    }
    if (name == null) {
      throw new ModelNotFoundException("engine '" + engine + "' has no built-in model: give a model file or name");
    }
    return ModelResolvers.resolve(name, engine);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelRef m && Objects.equals(path, m.path) && Objects.equals(name, m.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, name);
  }

  @Override
  public String toString() {
    return path != null ? path.toString() : name != null ? name : "(default model)";
  }
}
