package dev.speech4j;

import dev.speech4j.internal.Services;
import dev.speech4j.model.ModelRef;
import dev.speech4j.model.ModelStore;
import dev.speech4j.spi.EngineProvider;
import dev.speech4j.spi.SynthesizerProvider;
import dev.speech4j.spi.TranscriberProvider;
import dev.speech4j.spi.VoiceActivityDetectorProvider;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.VadFilter;
import dev.speech4j.tts.Synthesizer;
import dev.speech4j.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: finds engines with {@link java.util.ServiceLoader} so that user code names no engine class.
 *
 * <p>When no engine is named, the available one of highest priority that {@linkplain EngineProvider#canLoad can
 * load} the model is chosen (the choice and why are logged at debug level); if none can, the best available one
 * reports why (for a name, the best one with a {@link dev.speech4j.model.ModelCatalog}); the system properties
 * {@code speech4j.transcriber}, {@code speech4j.synthesizer} and {@code speech4j.vad} override that choice.
 *
 * <pre>{@code
 * try (Transcriber whisper = Speech.transcriber("whisper-cpp", ModelRef.of(Path.of("ggml-tiny.bin")));
 *     VoiceActivityDetector vad = Speech.vad()) {
 *   ...
 * }
 * }</pre>
 */
public final class Speech {
  private static final Logger LOG = LoggerFactory.getLogger(Speech.class);

  private Speech() {}

  /** Every engine found, with its availability, by kind then priority. */
  public static List<ProviderInfo> providers() {
    List<ProviderInfo> all = new ArrayList<>();
    describe(ProviderInfo.Kind.TRANSCRIBER, TranscriberProvider.class, all);
    describe(ProviderInfo.Kind.SYNTHESIZER, SynthesizerProvider.class, all);
    describe(ProviderInfo.Kind.VAD, VoiceActivityDetectorProvider.class, all);
    return List.copyOf(all);
  }

  /**
   * Loads {@code model} with the named transcriber engine. The transcriber honours
   * {@link dev.speech4j.stt.TranscriptionOptions#vadFilter()} with the best available VAD (see
   * {@link VadFilter}).
   *
   * @throws EngineUnavailableException if no such engine is installed or it cannot run here
   */
  public static Transcriber transcriber(String engine, ModelRef model, EngineOptions options) {
    Transcriber transcriber = select(TranscriberProvider.class, "transcriber", engine, model).create(model, options);
    return VadFilter.wrap(transcriber, Speech::vad);
  }

  /** @see #transcriber(String, ModelRef, EngineOptions) */
  public static Transcriber transcriber(String engine, ModelRef model) {
    return transcriber(engine, model, EngineOptions.defaults());
  }

  /** Loads {@code model} with the best available transcriber engine. */
  public static Transcriber transcriber(ModelRef model) {
    return transcriber(System.getProperty("speech4j.transcriber"), model);
  }

  /** Loads {@code voice} with the named synthesizer engine. */
  public static Synthesizer synthesizer(String engine, ModelRef voice, EngineOptions options) {
    return select(SynthesizerProvider.class, "synthesizer", engine, voice).create(voice, options);
  }

  /** @see #synthesizer(String, ModelRef, EngineOptions) */
  public static Synthesizer synthesizer(String engine, ModelRef voice) {
    return synthesizer(engine, voice, EngineOptions.defaults());
  }

  /** The best available synthesizer with its built-in voice. */
  public static Synthesizer synthesizer() {
    return synthesizer(System.getProperty("speech4j.synthesizer"), ModelRef.defaultModel());
  }

  /** Loads {@code model} with the named VAD engine. */
  public static VoiceActivityDetector vad(String engine, ModelRef model, EngineOptions options) {
    return select(VoiceActivityDetectorProvider.class, "VAD", engine, model).create(model, options);
  }

  /** The named VAD engine with its bundled model. */
  public static VoiceActivityDetector vad(String engine) {
    return vad(engine, ModelRef.defaultModel(), EngineOptions.defaults());
  }

  /** The best available VAD with its bundled model: {@code silero} when installed, else {@code energy}. */
  public static VoiceActivityDetector vad() {
    return vad(System.getProperty("speech4j.vad"));
  }

  /**
   * The engine of {@code kind} that {@link #transcriber(ModelRef)} and its siblings would choose for {@code model}
   * when none is named: the best available one that can load it, else the best available one.
   *
   * @throws EngineUnavailableException if no engine of that kind is available
   */
  public static String engineFor(ProviderInfo.Kind kind, ModelRef model) {
    return switch (kind) {
      case TRANSCRIBER -> select(TranscriberProvider.class, "transcriber", null, model).name();
      case SYNTHESIZER -> select(SynthesizerProvider.class, "synthesizer", null, model).name();
      case VAD -> select(VoiceActivityDetectorProvider.class, "VAD", null, model).name();
    };
  }

  /**
   * The provider named {@code engine}; when {@code engine} is null, the best available one that can load
   * {@code model}, else the best available one (whose factory then says what is wrong with the model).
   */
  private static <P extends EngineProvider> P select(Class<P> type, String kind, String engine, ModelRef model) {
    List<P> found = sorted(type);
    if (engine == null) {
      // engines below the chosen one are never probed: availability may load native code
      P firstAvailable = null;
      boolean catalogOfFirst = false;
      boolean downloadable = model.name().isPresent() || model.hub().isPresent();
      for (P p : found) {
        if (p.availability().available()) {
          if (p.canLoad(model)) {
            LOG.debug("{} for {}: {}, the first available engine by priority that can load it", kind, model,
                p.name());
            return p;
          }
          LOG.debug("{} for {}: {} is available but cannot load it", kind, model, p.name());
          // a name no engine has is best reported by one that downloads names: it knows the names near it
          boolean hasCatalog = ModelStore.catalog(p.name()).isPresent();
          if (firstAvailable == null || (downloadable && hasCatalog && !catalogOfFirst)) {
            firstAvailable = p;
            catalogOfFirst = hasCatalog;
          }
        }
      }
      if (firstAvailable == null) {
        throw new EngineUnavailableException("no " + kind + " engine is available; found " + list(found)
            + ". Add an engine module (see the speech4j README) and check `speech4j info`");
      }
      LOG.debug("{} for {}: no available engine recognises it; {} reports why", kind, model,
          firstAvailable.name());
      return firstAvailable;
    }
    P provider = found.stream()
        .filter(p -> p.name().equals(engine))
        .findFirst()
        .orElseThrow(() -> new EngineUnavailableException("no " + kind + " engine named '" + engine
            + "'; found " + list(found) + ". Check the name, or add the module that provides it"));
    var availability = provider.availability();
    if (!availability.available()) {
      throw new EngineUnavailableException(kind + " engine '" + engine + "' is unavailable: " + availability.reason());
    }
    return provider;
  }

  private static <P extends EngineProvider> List<P> sorted(Class<P> type) {
    List<P> found = new ArrayList<>(Services.load(type));
    found.sort(Comparator.comparingInt(EngineProvider::priority).reversed().thenComparing(EngineProvider::name));
    return found;
  }

  private static String list(List<? extends EngineProvider> providers) {
    return providers.isEmpty()
        ? "none"
        : providers.stream()
            .map(p -> p.name() + (p.availability().available() ? "" : " (unavailable: " + p.availability().reason() + ")"))
            .collect(Collectors.joining(", "));
  }

  private static void describe(ProviderInfo.Kind kind, Class<? extends EngineProvider> type, List<ProviderInfo> out) {
    for (EngineProvider p : sorted(type)) {
      out.add(new ProviderInfo(kind, p.name(), p.priority(), p.availability()));
    }
  }
}
