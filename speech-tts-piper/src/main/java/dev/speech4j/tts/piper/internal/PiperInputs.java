package dev.speech4j.tts.piper.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.speech4j.internal.OnnxRuntimeFiles;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/** A Piper model's input tensors for one sentence, closed together. */
record PiperInputs(Map<String, OnnxTensor> tensors) implements AutoCloseable {

  /**
   * {@code input}, {@code input_lengths}, {@code scales}, and {@code sid} unless {@code speaker} is -1.
   *
   * @throws OrtException if ONNX Runtime cannot make a tensor (those made are closed)
   */
  static PiperInputs of(long[] ids, float noiseScale, float lengthScale, float noiseW, long speaker)
      throws OrtException {
    OrtEnvironment env = OnnxRuntimeFiles.environment(OrtEnvironment.class);
    PiperInputs inputs = new PiperInputs(new HashMap<>());
    try {
      inputs.tensors.put("input", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, ids.length}));
      inputs.tensors.put("input_lengths", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {ids.length}),
          new long[] {1}));
      inputs.tensors.put("scales", OnnxTensor.createTensor(env,
          FloatBuffer.wrap(new float[] {noiseScale, lengthScale, noiseW}), new long[] {3}));
      if (speaker >= 0) {
        inputs.tensors.put("sid", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {speaker}),
            new long[] {1}));
      }
      return inputs;
    } catch (OrtException | RuntimeException e) {
      inputs.close();
      throw e;
    }
  }

  @Override
  public void close() {
    tensors.values().forEach(OnnxTensor::close);
  }
}
