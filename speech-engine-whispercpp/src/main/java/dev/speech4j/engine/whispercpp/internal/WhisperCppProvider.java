package dev.speech4j.engine.whispercpp.internal;

import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.model.ModelRef;
import dev.speech4j.spi.Availability;
import dev.speech4j.spi.TranscriberProvider;
import dev.speech4j.stt.Transcriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code whisper-cpp} transcriber: Whisper ggml models (f16 or quantised) on whisper.cpp 1.7.1.
 *
 * <p>Engine properties: {@code whisper-cpp.native} (a user-built libwhisper, e.g. with CUDA or Vulkan; also the
 * system property {@value WhisperNatives#NATIVE_PROPERTY}), {@code whisper-cpp.entropy-threshold} (whisper.cpp's
 * repetition check, default 2.4) and {@code whisper-cpp.chunk-seconds} (audio held at once, default 300, at
 * least 60). Models: a ggml file, or a name such as {@code tiny.en} or {@code large-v3-turbo-q5_0} (whisper.cpp's
 * own names, downloaded from the Hub on first use; see {@link GgmlCatalog}), or {@code hf://owner/repo/FILE.bin}.
 * {@link EngineOptions#threads()} sets whisper.cpp's threads per call (default min(4, cores));
 * {@link EngineOptions#maxConcurrency()} the whisper states, i.e. calls at once (default cores / threads).
 */
public final class WhisperCppProvider implements TranscriberProvider {
  static final String NAME = "whisper-cpp";
  private static final String NATIVE = NAME + ".native";
  private static final String ENTROPY = NAME + ".entropy-threshold";
  private static final String CHUNK = NAME + ".chunk-seconds";
  private static final Set<String> PROPERTIES = Set.of(NATIVE, ENTROPY, CHUNK);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Availability availability() {
    try {
      WhisperNatives.load(null);
      return Availability.ok();
    } catch (EngineUnavailableException e) {
      return Availability.unavailable(e.getMessage());
    }
  }

  @Override
  public Transcriber create(ModelRef model, EngineOptions options) {
    for (String key : options.properties().keySet()) {
      if (key.startsWith(NAME + ".") && !PROPERTIES.contains(key)) {
        throw new InvalidOptionsException("unknown whisper-cpp property '" + key + "'; known: " + PROPERTIES);
      }
    }
    float entropy = (float) number(options, ENTROPY, 2.4, 0, 100);
    int chunkSeconds = (int) number(options, CHUNK, 300, 60, 24 * 3600);
    String custom = options.properties().get(NATIVE);
    if (custom == null && System.getProperty(WhisperNatives.NATIVE_PROPERTY) == null
        && options.device() == EngineOptions.Device.GPU) {
      throw new EngineUnavailableException("the bundled whisper.cpp runs on the CPU only: build whisper.cpp with "
          + "CUDA or Vulkan and set " + NATIVE + " (see the whisper-cpp README), or use Device.CPU or AUTO");
    }
    Path file = modelFile(model.resolve(NAME));
    WhisperNatives.Loaded natives = WhisperNatives.load(custom);
    int cores = Runtime.getRuntime().availableProcessors();
    int threads = options.threads() > 0 ? options.threads() : Math.min(4, cores);
    int states = options.maxConcurrency() > 0 ? options.maxConcurrency() : Math.max(1, cores / threads);
    boolean gpu = options.device() != EngineOptions.Device.CPU;
    WhisperModel loaded = WhisperModel.load(natives.library(), file, gpu, states, options.acquireTimeout());
    return new WhisperCppTranscriber(loaded, threads, entropy, chunkSeconds);
  }

  /**
   * A ggml file (by its magic number), a directory holding one as {@code ggml-model.bin}, or a name or {@code hf://}
   * {@code .bin} file the catalog knows and the Hub cache does not have yet.
   */
  @Override
  public boolean canLoad(ModelRef model) {
    Optional<Path> local = model.find(NAME);
    if (local.isEmpty()) {
      return model.isKnownTo(NAME);
    }
    Path path = local.get();
    Path file = Files.isDirectory(path) ? path.resolve("ggml-model.bin") : path;
    return Files.isRegularFile(file) && GgmlFile.hasMagic(file);
  }

  private static double number(EngineOptions options, String key, double fallback, double min, double max) {
    String text = options.properties().get(key);
    if (text == null) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidOptionsException(key + " must be a number in [" + min + ", " + max + "], got '" + text + "'");
  }

  private static Path modelFile(Path path) {
    if (!Files.isDirectory(path)) {
      return path;
    }
    Path file = path.resolve("ggml-model.bin");
    if (!Files.isRegularFile(file)) {
      throw new InvalidModelException(path + " is a directory without ggml-model.bin: give the ggml .bin file");
    }
    return file;
  }
}
