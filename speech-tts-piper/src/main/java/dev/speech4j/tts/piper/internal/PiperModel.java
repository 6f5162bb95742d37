package dev.speech4j.tts.piper.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.speech4j.EngineOptions;
import dev.speech4j.InvalidModelException;
import dev.speech4j.internal.OnnxRuntimeFiles;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Piper {@code .onnx} model on ONNX Runtime: phoneme ids in ({@code input} [1, N] int64, {@code input_lengths} [1],
 * {@code scales} [noise, length, noise_w] float, {@code sid} [1] for multi-speaker voices), float audio out
 * ([1, 1, 1, T] in Piper's exports). Thread-safe; {@link #close} waits for running calls.
 */
final class PiperModel implements AutoCloseable {
  private final Path file;
  private final OrtSession session;
  private final boolean multiSpeaker;
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private boolean closed;

  private PiperModel(Path file, OrtSession session, boolean multiSpeaker) {
    this.file = file;
    this.session = session;
    this.multiSpeaker = multiSpeaker;
  }

  /**
   * Loads {@code file} and checks that it fits {@code config}: Piper's input names, a {@code sid} input exactly
   * when the config has several speakers, and room in the model for every id of the phoneme map.
   *
   * @throws InvalidModelException naming the file if it is not such a model
   */
  static PiperModel load(Path file, PiperConfig config, EngineOptions options) {
    OrtEnvironment environment = OnnxRuntimeFiles.environment(OrtEnvironment.class);
    OrtSession session;
    try (OrtSession.SessionOptions settings = new OrtSession.SessionOptions()) {
      if (options.threads() > 0) {
        settings.setIntraOpNumThreads(options.threads());
      }
      session = environment.createSession(file.toString(), settings);
    } catch (OrtException e) {
      throw new InvalidModelException("not a usable ONNX model: " + file + " (" + e.getMessage() + ")", e);
    }
    PiperModel model = new PiperModel(file, session, config.speakers() > 1);
    try {
      model.check(config);
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private void check(PiperConfig config) {
    Set<String> inputs = session.getInputNames();
    Set<String> expected = multiSpeaker ? Set.of("input", "input_lengths", "scales", "sid")
        : Set.of("input", "input_lengths", "scales");
    if (!inputs.equals(expected)) {
      throw new InvalidModelException("model " + file + " has inputs " + inputs + " but its config "
          + config.file().getFileName() + " (" + config.speakers() + " speaker(s)) needs a Piper model with "
          + expected);
    }
    try {
      NodeInfo output = session.getOutputInfo().values().iterator().next();
      if (!(output.getInfo() instanceof TensorInfo t) || t.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
        throw new InvalidModelException("model " + file + " does not output float audio: " + output);
      }
    } catch (OrtException e) {
      throw new InvalidModelException("cannot read the outputs of " + file + ": " + e.getMessage(), e);
    }
    try {
      long[] frame = config.ids("");
      long[] probe = {frame[0], frame[1], config.maxId(), frame[1], frame[frame.length - 1]};
      speak(probe, 0f, 1f, 0f, multiSpeaker ? config.speakers() - 1 : -1);
    } catch (InvalidModelException e) {
      throw new InvalidModelException("phoneme_id_map in " + config.file() + " does not fit " + file
          + " (ids up to " + config.maxId() + ", " + config.speakers() + " speaker(s)): " + e.getMessage(), e);
    }
  }

  /**
   * Audio for one sentence's ids at the voice's rate.
   *
   * @param speaker the {@code sid}, or -1 for a single-speaker model
   */
  float[] speak(long[] ids, float noiseScale, float lengthScale, float noiseW, long speaker) {
    closing.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the Piper voice " + file + " is closed");
      }
      return run(ids, noiseScale, lengthScale, noiseW, speaker);
    } finally {
      closing.readLock().unlock();
    }
  }

  private float[] run(long[] ids, float noiseScale, float lengthScale, float noiseW, long speaker) {
    try (PiperInputs inputs = inputs(ids, noiseScale, lengthScale, noiseW, speaker);
        OrtSession.Result result = infer(inputs)) {
      return samples(result);
    } catch (OrtException e) {
      throw new InvalidModelException("Piper model " + file + " failed on " + ids.length + " phoneme ids: "
          + e.getMessage(), e);
    }
  }

  /** The input tensors for one sentence; see {@link #speak}. */
  PiperInputs inputs(long[] ids, float noiseScale, float lengthScale, float noiseW, long speaker)
      throws OrtException {
    return PiperInputs.of(ids, noiseScale, lengthScale, noiseW, multiSpeaker ? speaker : -1);
  }

  /** The ONNX run alone, without the lock that {@link #speak} takes. */
  OrtSession.Result infer(PiperInputs inputs) throws OrtException {
    return session.run(inputs.tensors());
  }

  /** The audio of a run's result. */
  static float[] samples(OrtSession.Result result) {
    FloatBuffer samples = ((OnnxTensor) result.get(0)).getFloatBuffer();
    float[] out = new float[samples.remaining()];
    samples.get(out);
    return out;
  }

  @Override
  public void close() {
    closing.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        session.close();
      }
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close " + file + ": " + e.getMessage(), e);
    } finally {
      closing.writeLock().unlock();
    }
  }
}
