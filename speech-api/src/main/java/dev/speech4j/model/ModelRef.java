package dev.speech4j.model;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which model to load: a local file or directory, a name (e.g. {@code "tiny.en"}) that the local model folders or
 * the engine's {@link ModelCatalog} know, a file on the Hugging Face Hub ({@code hf://owner/repo/FILE[@revision]}),
 * or the engine's built-in default. {@link #resolve} downloads what is not cached (see {@link ModelStore}). Names are restricted to letters, digits, {@code . _ -} and
 * at most one {@code /} (as in {@code owner/model}), so a name can never escape a model directory.
 */
public final class ModelRef {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9][A-Za-z0-9._-]{0,127})?");
  private static final ModelRef DEFAULT = new ModelRef(null, null, null);

  private final Path path;
  private final String name;
  private final HubFile hub;

  private ModelRef(Path path, String name, HubFile hub) {
    this.path = path;
    this.name = name;
    this.hub = hub;
  }

  /** A model file or directory on disk. */
  public static ModelRef of(Path path) {
    return new ModelRef(Objects.requireNonNull(path, "path"), null, null);
  }

  /** A model file on the Hugging Face Hub, downloaded into the Hub cache on first use. */
  public static ModelRef of(HubFile file) {
    return new ModelRef(null, null, Objects.requireNonNull(file, "file"));
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
    return new ModelRef(null, name, null);
  }

  /** The engine's built-in or bundled model. */
  public static ModelRef defaultModel() {
    return DEFAULT;
  }

  /**
   * Reads what a user typed: {@code hf://owner/repo/FILE[@revision]}, an existing path, anything that looks like
   * a path ({@code ./x}, {@code /x}, {@code x.bin}, {@code a/b/c}), or else a name.
   */
  public static ModelRef parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new InvalidOptionsException("model reference is blank: give a file, a directory or a model name");
    }
    if (text.startsWith(HubFile.SCHEME)) {
      return of(HubFile.parse(text));
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

  public Optional<HubFile> hub() {
    return Optional.ofNullable(hub);
  }

  public boolean isDefault() {
    return path == null && name == null && hub == null;
  }

  /**
   * The file or directory this reference points at, downloaded first if it is a Hub file or catalog name that the
   * cache lacks (unless offline: see {@link HubClient#fromEnvironment()}).
   *
   * @param engine the engine asking, so that resolvers can keep per-engine folders and catalogs
   * @throws ModelNotFoundException if the path does not exist, nothing knows the name, or this is the default
   */
  public Path resolve(String engine) {
    return ModelStore.fromEnvironment().resolve(this, engine, DownloadListener.NONE);
  }

  /** The file or directory this reference points at if it is on disk already; never touches the network. */
  public Optional<Path> find(String engine) {
    return ModelStore.fromEnvironment().find(this, engine);
  }

  /** Whether {@code engine}'s catalog knows this reference (a name it lists, or a Hub file it accepts). */
  public boolean isKnownTo(String engine) {
    return ModelStore.fromEnvironment().enginesKnowing(this).contains(engine);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelRef m && Objects.equals(path, m.path) && Objects.equals(name, m.name)
        && Objects.equals(hub, m.hub);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, name, hub);
  }

  @Override
  public String toString() {
    return path != null ? path.toString() : name != null ? name : hub != null ? hub.toString() : "(default model)";
  }
}
