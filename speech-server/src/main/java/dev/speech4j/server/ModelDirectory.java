package dev.speech4j.server;

import dev.speech4j.EngineOptions;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.model.DownloadListener;
import dev.speech4j.model.HubCache;
import dev.speech4j.model.HubClient;
import dev.speech4j.model.HubFile;
import dev.speech4j.model.ModelCatalog;
import dev.speech4j.model.ModelRef;
import dev.speech4j.model.ModelStore;
import dev.speech4j.service.LoadedModel;
import dev.speech4j.service.ModelEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the model ids and voices clients send stand for. A client names a configured entry, {@code ENGINE:NAME}, a
 * bare catalog name, a {@code hf://} file, or one of OpenAI's own ids; never a path, so no id reaches the file system
 * outside the model cache. A model its engine's catalog knows must be downloaded first ({@code POST
 * /v1/models/{id}}): a request never starts a download.
 */
final class ModelDirectory {
  /** OpenAI's transcription models; they stand for the service's chain. */
  static final Set<String> OPENAI_TRANSCRIBERS = Set.of("whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe",
      "gpt-4o-transcribe-diarize");
  /** OpenAI's speech models, listed for clients that check them; the voice alone picks what speaks. */
  static final Set<String> OPENAI_SYNTHESIZERS = Set.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts");
  /** OpenAI's voices; they stand for the configured voice. */
  static final Set<String> OPENAI_VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx",
      "sage", "shimmer", "verse", "marin", "cedar");

  /** A model a client can name, as {@code GET /v1/models} lists it. */
  record Listed(String id, String kind, boolean loaded) {}

  private final ServerConfig config;
  private final ModelStore store;

  ModelDirectory(ServerConfig config, ModelStore store) {
    this.config = config;
    this.store = store;
  }

  /**
   * The model a transcription request names: empty for the service's chain.
   *
   * @throws ModelNotFoundException if it names nothing that can be loaded here
   */
  Optional<ModelEntry> transcriber(String id) {
    if (id == null || id.isBlank() || OPENAI_TRANSCRIBERS.contains(id)) {
      return Optional.empty();
    }
    for (ModelEntry entry : config.service().chain()) {
      if (id.equals(entry.toString()) || id.equals(entry.engine() + ":" + entry.model())) {
        return Optional.of(entry);
      }
    }
    return Optional.of(local(entry(id, ProviderInfo.Kind.TRANSCRIBER, null)));
  }

  /**
   * The voice a speech request names: OpenAI's voice names stand for the configured voice, a bare name is a voice
   * of the configured voice's engine, and {@code ENGINE:VOICE} names both.
   */
  ModelEntry voice(String voice) {
    if (voice == null || voice.isBlank() || OPENAI_VOICES.contains(voice)) {
      return config.voice();
    }
    if (voice.equals(config.voice().toString()) || voice.equals(config.voice().engine() + ":"
        + config.voice().model())) {
      return config.voice();
    }
    return local(entry(voice, ProviderInfo.Kind.SYNTHESIZER, config.voice().engine()));
  }

  /** Every model a client can name now: OpenAI's ids, the chain, the default voice, and what the cache holds. */
  List<Listed> list(List<LoadedModel> loaded) {
    Map<String, Listed> all = new LinkedHashMap<>();
    Set<ModelEntry> inMemory = new java.util.HashSet<>();
    loaded.forEach(m -> inMemory.add(m.entry()));
    OPENAI_TRANSCRIBERS.stream().sorted().forEach(id -> all.put(id, new Listed(id, "transcription", false)));
    OPENAI_SYNTHESIZERS.stream().sorted().forEach(id -> all.put(id, new Listed(id, "speech", false)));
    for (ModelEntry entry : config.service().chain()) {
      String id = entry.engine() + ":" + entry.model();
      all.put(id, new Listed(id, "transcription", inMemory.contains(entry)));
    }
    String voice = config.voice().engine() + ":" + config.voice().model();
    all.put(voice, new Listed(voice, "speech", inMemory.contains(config.voice())));
    for (ProviderInfo provider : Speech.providers()) {
      if (provider.kind() == ProviderInfo.Kind.VAD) {
        continue;
      }
      String kind = kindName(provider.kind());
      for (String name : cachedNames(provider.name())) {
        String id = provider.name() + ":" + name;
        ModelEntry entry = new ModelEntry(provider.name(), name, EngineOptions.Device.AUTO);
        all.putIfAbsent(id, new Listed(id, kind, inMemory.contains(entry)));
      }
    }
    return new ArrayList<>(all.values());
  }

  /** The listed model called {@code id}. */
  Optional<Listed> find(String id, List<LoadedModel> loaded) {
    return list(loaded).stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /**
   * Checks that {@code id} names something a download can fetch: a catalog name or a {@code hf://} file.
   *
   * @throws ModelNotFoundException if it does not
   */
  void requireDownloadable(String id) {
    ModelEntry entry = entry(id, null, null);
    if (entry.ref().hub().isEmpty() && !store.enginesKnowing(entry.ref()).contains(entry.engine())) {
      throw new ModelNotFoundException("'" + id + "' is no model " + entry.engine() + " can download: give a name of "
          + "its catalog or ENGINE:hf://owner/repo/FILE");
    }
  }

  /** Downloads the model {@code id} names (a catalog name or {@code hf://} file) unless it is cached. */
  Path download(String id, DownloadListener listener) {
    ModelEntry entry = entry(id, null, null);
    return store.resolve(entry.ref(), entry.engine(), listener);
  }

  /** Removes the cached files of {@code id}; how many were removed. */
  int remove(String id) {
    ModelEntry entry = entry(id, null, null);
    List<HubFile> files = store.hubFiles(entry.ref(), entry.engine()).orElseThrow(() -> new ModelNotFoundException(
        "'" + id + "' is not a model of the cache"));
    HubCache cache = store.hub().cache();
    return files.stream().mapToInt(cache::remove).sum();
  }

  /** An id that names no path: {@code ENGINE:NAME}, or a bare name the catalog of an engine of {@code kind} knows. */
  private ModelEntry entry(String id, ProviderInfo.Kind kind, String defaultEngine) {
    int colon = id.indexOf(':');
    boolean hub = id.startsWith(HubFile.SCHEME);
    String engine = colon > 0 && !hub ? id.substring(0, colon) : null;
    String model = engine == null ? id : id.substring(colon + 1);
    ModelRef ref = model.startsWith(HubFile.SCHEME) ? ModelRef.parse(model) : ModelRef.named(model);
    if (engine == null) {
      engine = defaultEngine != null ? defaultEngine : engineKnowing(ref, kind, id);
    }
    String chosen = engine;
    if (Speech.providers().stream().noneMatch(p -> p.name().equals(chosen) && (kind == null || p.kind() == kind))) {
      throw new ModelNotFoundException("no " + (kind == null ? "" : kindName(kind) + " ") + "engine called '"
          + engine + "' is installed; models are named ENGINE:NAME, e.g. whisper-cpp:tiny.en. " + known(kind));
    }
    ModelEntry entry = new ModelEntry(engine, model, EngineOptions.Device.AUTO);
    if (entry.ref().path().isPresent()) { // a name that reads as a file, or that a file of the working folder has
      throw new InvalidOptionsException("model '" + id + "' reads as a file; a client names models, never files");
    }
    return entry;
  }

  /** {@code entry} if its engine can load it without a download ({@link ModelStore#isLocal}). */
  private ModelEntry local(ModelEntry entry) {
    ModelRef ref = entry.ref();
    if (store.isLocal(ref, entry.engine())) {
      return entry;
    }
    String id = entry.engine() + ":" + entry.model();
    if (store.enginesKnowing(ref).contains(entry.engine())) {
      throw new ModelNotFoundException("model '" + id + "' is not downloaded: POST /v1/models/" + id
          + " fetches it. " + known(null));
    }
    throw new ModelNotFoundException("model '" + id + "' does not exist here. " + known(null));
  }

  private String engineKnowing(ModelRef ref, ProviderInfo.Kind kind, String id) {
    List<String> knowing = store.enginesKnowing(ref);
    return Speech.providers().stream().filter(p -> kind == null || p.kind() == kind).map(ProviderInfo::name)
        .filter(knowing::contains).findFirst().orElseThrow(() -> new ModelNotFoundException("model '" + id
            + "' does not exist here: name it ENGINE:NAME, e.g. whisper-cpp:tiny.en. " + known(kind)));
  }

  /** "Available: …", the ids of {@code kind} (all if null) a client can name now, for a 404's message. */
  String known(ProviderInfo.Kind kind) {
    String task = kind == null ? null : kindName(kind);
    List<String> ids = list(List.of()).stream().filter(m -> task == null || m.kind().equals(task))
        .map(Listed::id).toList();
    return "Available: " + String.join(", ", ids.subList(0, Math.min(ids.size(), 30)))
        + (ids.size() > 30 ? ", … (GET /v1/models lists all " + ids.size() + ")" : "");
  }

  private List<String> cachedNames(String engine) {
    Optional<ModelCatalog> catalog = ModelStore.catalog(engine);
    if (catalog.isEmpty()) {
      return List.of();
    }
    HubClient offline = HubClient.builder().cache(store.hub().cache()).offline(true).build();
    return catalog.get().names(offline).stream().filter(name -> isCached(name, engine)).toList();
  }

  private boolean isCached(String name, String engine) {
    try {
      return store.find(ModelRef.named(name), engine).isPresent();
    } catch (InvalidOptionsException e) {
      return false; // a catalog name outside what ids may spell
    }
  }

  private static String kindName(ProviderInfo.Kind kind) {
    return kind == ProviderInfo.Kind.TRANSCRIBER ? "transcription" : "speech";
  }
}
