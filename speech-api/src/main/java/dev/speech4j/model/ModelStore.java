package dev.speech4j.model;

import dev.speech4j.ModelNotFoundException;
import dev.speech4j.internal.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a {@link ModelRef} into local files for an engine: a path as given; a name from the local model folders
 * ({@link ModelResolver}s), else from the engine's {@link ModelCatalog} through the Hub cache, downloading what is
 * missing; a {@code hf://} reference through the Hub cache likewise. Cached files are used without asking the
 * network; {@code speech4j models pull} is how to look for newer ones.
 */
public final class ModelStore {
  private final HubClient hub;

  public ModelStore(HubClient hub) {
    this.hub = hub;
  }

  /** A store over {@link HubClient#fromEnvironment()}. */
  public static ModelStore fromEnvironment() {
    return new ModelStore(HubClient.fromEnvironment());
  }

  public HubClient hub() {
    return hub;
  }

  /** The catalog of {@code engine}, if it ships one. */
  public static Optional<ModelCatalog> catalog(String engine) {
    return Catalogs.ALL.stream().filter(c -> c.engine().equals(engine)).findFirst();
  }

  /** The engines whose catalogs know {@code ref}: a name they list, or a {@code hf://} file they accept. */
  public List<String> enginesKnowing(ModelRef ref) {
    return Catalogs.ALL.stream().filter(c -> knows(c, ref)).map(ModelCatalog::engine).toList();
  }

  /**
   * Whether {@code engine} loads {@code ref} without a download: a path that exists, files that are here, or a name
   * for an engine without a catalog, whose built-in models (espeak's voices) only the engine itself can check.
   */
  public boolean isLocal(ModelRef ref, String engine) {
    if (ref.path().isPresent()) {
      return Files.exists(ref.path().get());
    }
    return catalog(engine).isEmpty() || find(ref, engine).isPresent();
  }

  /** The local files of {@code ref} for {@code engine}, without touching the network. */
  public Optional<Path> find(ModelRef ref, String engine) {
    if (ref.path().isPresent()) {
      return ref.path().filter(Files::exists);
    }
    if (ref.name().isPresent()) {
      Optional<Path> local = ModelResolvers.find(ref.name().get(), engine);
      if (local.isPresent()) {
        return local;
      }
    }
    return hubFiles(ref, engine, false).flatMap(this::cached);
  }

  /**
   * The local files of {@code ref} for {@code engine}, downloading what the cache lacks.
   *
   * @return the file or directory the engine loads
   * @throws ModelNotFoundException if nothing local has it and neither the engine's catalog nor the Hub knows it
   */
  public Path resolve(ModelRef ref, String engine, DownloadListener listener) {
    Optional<Path> local = find(ref, engine);
    if (local.isPresent()) {
      return local.get();
    }
    if (ref.path().isPresent()) {
      throw new ModelNotFoundException("model not found: " + ref.path().get().toAbsolutePath() + " does not exist");
    }
    if (ref.isDefault()) {
      throw new ModelNotFoundException("engine '" + engine + "' has no built-in model: give a model file or name");
    }
    List<HubFile> files = hubFiles(ref, engine, true).orElseThrow(() -> notFound(ref.name().orElseThrow(), engine));
    Path first = null;
    for (HubFile file : files) {
      Path path;
      try {
        path = hub.download(file, listener);
      } catch (ModelNotFoundException e) {
        throw withSuggestions(e, file, engine);
      }
      first = first == null ? path : first;
    }
    return first;
  }

  /** A file the Hub does not have, with the catalog's files of the same repository nearest to it. */
  private ModelNotFoundException withSuggestions(ModelNotFoundException e, HubFile missing, String engine) {
    Optional<ModelCatalog> catalog = catalog(engine);
    if (catalog.isEmpty() || hub.isOffline()) {
      return e;
    }
    HubClient offline = offline();
    Set<String> paths = catalog.get().names(offline).stream()
        .flatMap(name -> catalog.get().files(name, offline).orElse(List.of()).stream())
        .filter(f -> f.repo().equals(missing.repo())).map(HubFile::path).collect(Collectors.toSet());
    List<String> near = nearest(missing.path(), paths);
    return near.isEmpty() ? e : new ModelNotFoundException(e.getMessage() + ". Did you mean " + near.stream()
        .map(p -> HubFile.SCHEME + missing.repo() + "/" + p).collect(Collectors.joining(", ")) + "?", e);
  }

  /**
   * The Hub files {@code ref} stands for to {@code engine}, if any: those of a catalog name or a {@code hf://}
   * reference; empty for paths and unknown names.
   */
  public Optional<List<HubFile>> hubFiles(ModelRef ref, String engine) {
    return hubFiles(ref, engine, true);
  }

  private Optional<List<HubFile>> hubFiles(ModelRef ref, String engine, boolean online) {
    Optional<ModelCatalog> catalog = catalog(engine);
    if (ref.hub().isPresent()) {
      return Optional.of(catalog.map(c -> c.files(ref.hub().get())).orElse(List.of(ref.hub().get())));
    }
    if (ref.name().isEmpty() || catalog.isEmpty()) {
      return Optional.empty();
    }
    HubClient client = online ? hub : offline();
    return catalog.get().files(ref.name().get(), client);
  }

  private Optional<Path> cached(List<HubFile> files) {
    Path first = null;
    for (HubFile file : files) {
      Optional<Path> path = hub.cache().find(file);
      if (path.isEmpty()) {
        return Optional.empty();
      }
      first = first == null ? path.get() : first;
    }
    return Optional.ofNullable(first);
  }

  private boolean knows(ModelCatalog catalog, ModelRef ref) {
    if (ref.hub().isPresent()) {
      return catalog.accepts(ref.hub().get());
    }
    return ref.name().isPresent() && catalog.names(offline()).contains(ref.name().get());
  }

  private HubClient offline() {
    return HubClient.builder().cache(hub.cache()).offline(true).build();
  }

  private ModelNotFoundException notFound(String name, String engine) {
    String looked = ModelResolvers.installed().stream().map(ModelResolver::describe)
        .collect(Collectors.joining(", "));
    StringBuilder message = new StringBuilder("model '").append(name).append("' for engine '").append(engine)
        .append("' not found; looked in ").append(looked);
    Optional<ModelCatalog> catalog = catalog(engine);
    if (catalog.isPresent()) {
      List<String> near = nearest(name, catalog.get().names(offline()));
      message.append(near.isEmpty() ? "" : ". Did you mean " + String.join(", ", near) + "?")
          .append(" See `speech4j models list --available --engine ").append(engine).append('`');
    }
    return new ModelNotFoundException(message.append(". Or put it in ").append(engine).append('/').append(name)
        .append(" under the models directory (system property speech4j.models or SPEECH4J_MODELS), or give a file "
            + "path or hf://owner/repo/FILE").toString());
  }

  /** Up to three known names within a few edits of {@code name}, nearest first. */
  static List<String> nearest(String name, Set<String> known) {
    int limit = Math.max(2, name.length() / 3);
    String lower = name.toLowerCase(Locale.ROOT);
    return known.stream().map(k -> new Near(k, distance(lower, k.toLowerCase(Locale.ROOT))))
        .filter(n -> n.edits() <= limit)
        .sorted(Comparator.comparingInt(Near::edits).thenComparing(Near::name))
        .limit(3).map(Near::name).toList();
  }

  private record Near(String name, int edits) {}

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  private static final class Catalogs {
    static final List<ModelCatalog> ALL = List.copyOf(Services.load(ModelCatalog.class));
  }
}
