package dev.speech4j.vad.silero.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.speech4j.SpeechException;
import dev.speech4j.internal.OnnxRuntimeFiles;
import dev.speech4j.vad.BatchScorer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Runs Silero over {@code B} streams in one ONNX Runtime call per frame. Each row of the model's input is the
 * stream's last {@code context} samples followed by its new frame, as the official wrapper feeds it; the
 * recurrent state {@code [2, B, 128]} goes back in on the next call.
 *
 * <p>Nothing is allocated per call: the tensors are views of direct buffers made once, the outputs are written
 * into pinned tensors, and the two state tensors swap roles every call.
 */
final class SileroBatch implements BatchScorer {
  private static final int STATE_WIDTH = 128;

  private final OrtSession session;
  private final int streams;
  private final int frameSize;
  private final int contextSize;
  private final FloatBuffer input;
  private final FloatBuffer output;
  private final FloatBuffer[] states = new FloatBuffer[2];
  private final OnnxTensor inputTensor;
  private final OnnxTensor outputTensor;
  private final OnnxTensor rateTensor;
  private final OnnxTensor[] stateTensors = new OnnxTensor[2];
  /** The last {@code contextSize} samples of each stream, stream after stream. */
  private final float[] contexts;
  /** Which of {@link #stateTensors} holds the state going into the next call. */
  private int current;
  private boolean closed;

  SileroBatch(SileroVad vad, int streams) {
    if (streams <= 0) {
      throw new IllegalArgumentException("a batch needs at least one stream, got " + streams);
    }
    this.session = vad.session();
    this.streams = streams;
    this.frameSize = vad.frameSize();
    this.contextSize = vad.contextSize();
    int width = contextSize + frameSize;
    this.contexts = new float[streams * contextSize];
    this.input = floats(streams * width);
    this.output = floats(streams);
    try {
      var env = OnnxRuntimeFiles.environment(OrtEnvironment.class);
      inputTensor = OnnxTensor.createTensor(env, input, new long[] {streams, width});
      outputTensor = OnnxTensor.createTensor(env, output, new long[] {streams, 1});
      rateTensor = OnnxTensor.createTensor(env, (long) vad.sampleRate());
      for (int i = 0; i < 2; i++) {
        states[i] = floats(2 * streams * STATE_WIDTH);
        stateTensors[i] = OnnxTensor.createTensor(env, states[i], new long[] {2, streams, STATE_WIDTH});
      }
    } catch (OrtException e) {
      close();
      throw new SpeechException("could not allocate Silero's tensors for " + streams + " streams: " + e.getMessage(), e);
    }
  }

  private static FloatBuffer floats(int n) {
    return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  @Override
  public int streams() {
    return streams;
  }

  @Override
  public void score(float[][] frames, float[] probabilities) {
    if (closed) {
      throw new IllegalStateException("the scorer is closed");
    }
    if (frames.length != streams || probabilities.length != streams) {
      throw new IllegalArgumentException("a batch of " + streams + " streams needs as many frames and "
          + "probabilities, got " + frames.length + " and " + probabilities.length);
    }
    fillInput(frames);
    int next = 1 - current;
    try (OrtSession.Result ignored = session.run(
        Map.of("input", inputTensor, "state", stateTensors[current], "sr", rateTensor),
        Map.of("output", outputTensor, "stateN", stateTensors[next]))) {
      // the outputs were written into the pinned tensors
    } catch (OrtException e) {
      throw new SpeechException("Silero inference failed: " + e.getMessage(), e);
    }
    for (int s = 0; s < streams; s++) {
      if (frames[s] == null) {
        copyState(s, states[current], states[next]);
        probabilities[s] = Float.NaN;
      } else {
        probabilities[s] = output.get(s);
      }
    }
    current = next;
  }

  /** Writes each stream's row (context, then frame; zeros for a skipped stream) and moves its context on. */
  private void fillInput(float[][] frames) {
    int width = contextSize + frameSize;
    for (int s = 0; s < streams; s++) {
      float[] frame = frames[s];
      int row = s * width;
      if (frame == null) {
        for (int i = 0; i < width; i++) {
          input.put(row + i, 0f);
        }
        continue;
      }
      if (frame.length != frameSize) {
        throw new IllegalArgumentException("a frame holds " + frameSize + " samples, got " + frame.length);
      }
      input.put(row, contexts, s * contextSize, contextSize);
      input.put(row + contextSize, frame, 0, frameSize);
      System.arraycopy(frame, frameSize - contextSize, contexts, s * contextSize, contextSize);
    }
  }

  /** Copies stream {@code s}'s two state vectors from one {@code [2, B, 128]} buffer to another. */
  private void copyState(int s, FloatBuffer from, FloatBuffer to) {
    for (int layer = 0; layer < 2; layer++) {
      int at = (layer * streams + s) * STATE_WIDTH;
      for (int i = 0; i < STATE_WIDTH; i++) {
        to.put(at + i, from.get(at + i));
      }
    }
  }

  @Override
  public void reset(int stream) {
    Objects.checkIndex(stream, streams);
    Arrays.fill(contexts, stream * contextSize, (stream + 1) * contextSize, 0f);
    for (int layer = 0; layer < 2; layer++) {
      int at = (layer * streams + stream) * STATE_WIDTH;
      for (int i = 0; i < STATE_WIDTH; i++) {
        states[current].put(at + i, 0f);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (OnnxTensor t : new OnnxTensor[] {inputTensor, outputTensor, rateTensor, stateTensors[0], stateTensors[1]}) {
      if (t != null) {
        t.close();
      }
    }
  }
}
