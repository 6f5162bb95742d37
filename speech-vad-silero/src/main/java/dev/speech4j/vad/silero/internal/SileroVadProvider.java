package dev.speech4j.vad.silero.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.SpeechException;
import dev.speech4j.internal.OnnxRuntimeFiles;
import dev.speech4j.model.ModelRef;
import dev.speech4j.spi.Availability;
import dev.speech4j.spi.VoiceActivityDetectorProvider;
import dev.speech4j.vad.VoiceActivityDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code silero} VAD: Silero VAD v5/v6 on ONNX Runtime, with the model bundled.
 *
 * <p>{@link ModelRef#defaultModel()} loads the bundled Silero model (MIT, snakers4/silero-vad's {@code
 * silero_vad.onnx}, its convolutions re-expressed by {@code tools/silero_batch_graph.py} as matrix products over the
 * whole batch: same weights, same outputs up to float rounding, and batches much cheaper per stream); a path
 * or name loads another Silero ONNX file as it is (a directory must hold {@code silero_vad.onnx}). {@link
 * EngineOptions#threads()} sets ONNX Runtime's intra-op threads (default 1: one window is too small to split).
 * Property {@code silero.sample-rate} picks 16000 (default) or 8000. Only the CPU is supported.
 */
public final class SileroVadProvider implements VoiceActivityDetectorProvider {
  static final String NAME = "silero";
  private static final String SAMPLE_RATE = "silero.sample-rate";
  private static final String MODEL_FILE = "silero_vad.onnx";
  private static final String BUNDLED = "silero_vad_batched.onnx";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Availability availability() {
    try {
      OnnxRuntimeFiles.environment(OrtEnvironment.class);
      return Availability.ok();
    } catch (EngineUnavailableException e) {
      return Availability.unavailable(e.getMessage());
    }
  }

  @Override
  public VoiceActivityDetector create(ModelRef model, EngineOptions options) {
    int sampleRate = sampleRate(options);
    if (options.device() == EngineOptions.Device.GPU) {
      throw new EngineUnavailableException("the silero engine runs on the CPU only; use Device.CPU or AUTO");
    }
    var env = OnnxRuntimeFiles.environment(OrtEnvironment.class);
    try (OrtSession.SessionOptions session = new OrtSession.SessionOptions()) {
      session.setIntraOpNumThreads(options.threads() == 0 ? 1 : options.threads());
      session.setInterOpNumThreads(1);
      if (model.isDefault()) {
        return new SileroVad(env.createSession(bundledModel(), session), sampleRate, "the bundled " + BUNDLED);
      }
      Path file = modelFile(model.resolve(NAME));
      try {
        return new SileroVad(env.createSession(file.toString(), session), sampleRate, file.toString());
      } catch (OrtException e) {
        throw new InvalidModelException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
      }
    } catch (OrtException e) {
      throw new SpeechException("could not configure ONNX Runtime: " + e.getMessage(), e);
    }
  }

  private static int sampleRate(EngineOptions options) {
    for (String key : options.properties().keySet()) {
      if (key.startsWith(NAME + ".") && !key.equals(SAMPLE_RATE)) {
        throw new InvalidOptionsException("unknown silero property '" + key + "'; the only one is " + SAMPLE_RATE);
      }
    }
    String rate = options.properties().getOrDefault(SAMPLE_RATE, "16000");
    if (!rate.equals("16000") && !rate.equals("8000")) {
      throw new InvalidOptionsException(SAMPLE_RATE + " must be 16000 or 8000, got '" + rate + "'");
    }
    return Integer.parseInt(rate);
  }

  private static Path modelFile(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(MODEL_FILE) : path;
    if (!Files.isRegularFile(file)) {
      throw new InvalidModelException(path + " is a directory without " + MODEL_FILE + ": give the .onnx file itself");
    }
    return file;
  }

  private static byte[] bundledModel() {
    try (InputStream in = SileroVadProvider.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new InvalidModelException("the bundled " + BUNDLED + " is missing from speech-vad-silero's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the bundled " + BUNDLED, e);
    }
  }
}
