package dev.speech4j.tts.piper.internal;

import ai.onnxruntime.OrtEnvironment;
import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.SpeechException;
import dev.speech4j.internal.OnnxRuntimeFiles;
import dev.speech4j.model.HubCache;
import dev.speech4j.model.ModelRef;
import dev.speech4j.spi.Availability;
import dev.speech4j.spi.SynthesizerProvider;
import dev.speech4j.tts.Synthesizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code piper} engine: Piper voices on ONNX Runtime. A voice is a {@code NAME.onnx} with {@code NAME.onnx.json}
 * beside it, given as either file, as a directory holding one voice, or as a name the model resolvers find
 * ({@code en_US-lessac-medium} looks for {@code piper/en_US-lessac-medium.onnx} in the models directory). Voices in
 * the official catalogue are checked against its size and MD5 first. A catalogued name not found locally, or a
 * {@code hf://} reference to a voice's {@code .onnx}, is downloaded with its config into the Hub cache.
 */
public final class PiperProvider implements SynthesizerProvider {
  static final String ENGINE = "piper";

  @Override
  public String name() {
    return ENGINE;
  }

  @Override
  public Availability availability() {
    try {
      Espeak.instance();
      OnnxRuntimeFiles.environment(OrtEnvironment.class);
      return Availability.ok();
    } catch (EngineUnavailableException e) {
      return Availability.unavailable(e.getMessage());
    } catch (LinkageError e) {
      return Availability.unavailable("ONNX Runtime cannot load on this platform: " + e.getMessage());
    }
  }

  @Override
  public Synthesizer create(ModelRef voice, EngineOptions options) {
    if (options.device() == EngineOptions.Device.GPU) {
      throw new EngineUnavailableException("the piper engine runs on the CPU only; use Device.AUTO or CPU");
    }
    Espeak espeak = Espeak.instance();
    Path onnx = modelFile(voice);
    Path json = onnx.resolveSibling(onnx.getFileName() + ".json");
    if (!Files.isRegularFile(onnx)) {
      throw new InvalidModelException("Piper voice model " + onnx + " not found beside its config " + json
          + "; download both files of the voice");
    }
    PiperConfig config = PiperConfig.read(json);
    try {
      espeak.requireVoice(config.espeakVoice());
    } catch (InvalidOptionsException e) {
      throw new InvalidModelException("espeak.voice in " + json + ": " + e.getMessage(), e);
    }
    VoiceCatalogue.current(HubCache.fromEnvironment()).verify(onnx);
    return new PiperSynthesizer(espeak, config, PiperModel.load(onnx, config, options));
  }

  /** A voice {@code .onnx} with its {@code .onnx.json} beside it (given, in a directory, or found by name). */
  @Override
  public boolean canLoad(ModelRef voice) {
    try {
      Optional<Path> local = localModelFile(voice);
      if (local.isEmpty()) {
        return voice.isKnownTo(ENGINE);
      }
      Path onnx = local.get();
      return Files.isRegularFile(onnx) && Files.isRegularFile(onnx.resolveSibling(onnx.getFileName() + ".json"));
    } catch (SpeechException | UncheckedIOException e) {
      return false;
    }
  }

  /** The {@code .onnx} a reference points at (downloaded if it must be), which need not exist yet. */
  static Path modelFile(ModelRef voice) {
    if (voice.isDefault()) {
      throw new ModelNotFoundException("the piper engine has no built-in voice: give a voice .onnx file or name, "
          + "e.g. en_US-lessac-medium (see https://huggingface.co/rhasspy/piper-voices), or use the espeak engine");
    }
    return onnxOf(localModelFile(voice).orElseGet(() -> voice.resolve(ENGINE)));
  }

  /** The {@code .onnx} a reference points at if it is on disk already (or is a path), without downloading. */
  private static Optional<Path> localModelFile(ModelRef voice) {
    if (voice.isDefault()) {
      return Optional.empty();
    }
    Optional<Path> path = voice.path();
    if (path.isEmpty() && voice.name().isPresent()) {
      path = ModelRef.named(voice.name().get() + ".onnx").find(ENGINE);
    }
    return path.or(() -> voice.find(ENGINE)).map(PiperProvider::onnxOf);
  }

  private static Path onnxOf(Path path) {
    if (Files.isDirectory(path)) {
      return onlyModelIn(path);
    }
    String file = path.getFileName().toString();
    return file.endsWith(".onnx.json") ? path.resolveSibling(file.substring(0, file.length() - ".json".length()))
        : path;
  }

  private static Path onlyModelIn(Path dir) {
    List<Path> models;
    try (Stream<Path> files = Files.list(dir)) {
      models = files.filter(f -> f.getFileName().toString().endsWith(".onnx")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    if (models.size() != 1) {
      throw new InvalidModelException("directory " + dir + " holds " + models.size() + " .onnx files: "
          + "give the voice's .onnx file itself");
    }
    return models.get(0);
  }
}
