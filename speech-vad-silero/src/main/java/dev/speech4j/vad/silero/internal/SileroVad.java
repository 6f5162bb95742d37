package dev.speech4j.vad.silero.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.speech4j.InvalidModelException;
import dev.speech4j.SpeechException;
import dev.speech4j.vad.BatchScorer;
import dev.speech4j.vad.FrameScorer;
import dev.speech4j.vad.VoiceActivityDetector;
import java.util.Map;
import java.util.Objects;

/**
 * Silero VAD (v5/v6 ONNX) on ONNX Runtime: 512-sample frames at 16 kHz with 64 samples of context, or 256 at
 * 8 kHz with 32. The session is shared and thread-safe; each scorer has its own state. Close the detector after
 * its scorers and sessions.
 */
final class SileroVad implements VoiceActivityDetector {
  private final OrtSession session;
  private final int sampleRate;

  /** Takes ownership of {@code session}, checking that it is a Silero model; {@code source} names it. */
  SileroVad(OrtSession session, int sampleRate, String source) {
    this.session = session;
    this.sampleRate = sampleRate;
    try {
      check(session, source);
    } catch (OrtException | InvalidModelException e) {
      closeSession();
      throw e instanceof InvalidModelException invalid ? invalid
          : new InvalidModelException("cannot read the inputs of " + source + ": " + e.getMessage(), e);
    }
  }

  /** Silero's interface: inputs {@code input} float [B, N], {@code state} float [2, B, 128], {@code sr} int64. */
  private static void check(OrtSession session, String source) throws OrtException {
    Map<String, NodeInfo> in = session.getInputInfo();
    Map<String, NodeInfo> out = session.getOutputInfo();
    boolean ok = isTensor(in.get("input"), OnnxJavaType.FLOAT, 2)
        && isTensor(in.get("state"), OnnxJavaType.FLOAT, 3)
        && isTensor(in.get("sr"), OnnxJavaType.INT64, 0)
        && in.size() == 3
        && isTensor(out.get("output"), OnnxJavaType.FLOAT, 2)
        && isTensor(out.get("stateN"), OnnxJavaType.FLOAT, 3);
    if (!ok) {
      throw new InvalidModelException(source + " is not a Silero VAD v5/v6 model: expected inputs input float[B, N], "
          + "state float[2, B, 128], sr int64 and outputs output, stateN, but it has inputs " + in.values()
          + " and outputs " + out.values() + ". Use silero_vad.onnx from snakers4/silero-vad, or the bundled model");
    }
  }

  private static boolean isTensor(NodeInfo node, OnnxJavaType type, int rank) {
    return node != null && node.getInfo() instanceof TensorInfo t && t.type == type && t.getShape().length == rank;
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public int frameSize() {
    return sampleRate == 16_000 ? 512 : 256;
  }

  /** Samples of the previous frame fed again before each frame. */
  int contextSize() {
    return sampleRate == 16_000 ? 64 : 32;
  }

  OrtSession session() {
    return session;
  }

  @Override
  public FrameScorer newScorer() {
    return new Scorer(new SileroBatch(this, 1));
  }

  /**
   * Scores the streams in one model call. With the bundled model, whose convolutions are matrix products over the
   * batch, that is much cheaper per stream than separate scorers; an original Silero file runs its convolutions
   * stream by stream, so it gains less.
   */
  @Override
  public BatchScorer newBatchScorer(int streams) {
    return new SileroBatch(this, streams);
  }

  @Override
  public void close() {
    closeSession();
  }

  private void closeSession() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new SpeechException("could not close the Silero session: " + e.getMessage(), e);
    }
  }

  /** One stream: a batch of one. */
  private static final class Scorer implements FrameScorer {
    private final SileroBatch batch;
    private final float[][] frames = new float[1][];
    private final float[] probability = new float[1];

    Scorer(SileroBatch batch) {
      this.batch = batch;
    }

    @Override
    public float score(float[] frame) {
      frames[0] = Objects.requireNonNull(frame, "frame");
      batch.score(frames, probability);
      frames[0] = null;
      return probability[0];
    }

    @Override
    public void reset() {
      batch.reset(0);
    }

    @Override
    public void close() {
      batch.close();
    }
  }
}
