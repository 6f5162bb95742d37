package dev.speech4j.engine.djl.whisper;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.speech4j.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * {@link WhisperNetwork} on DJL's PyTorch engine: the exported TorchScript {@code encoder.pt} and KV-cached
 * {@code decoder.pt}. Cross-attention keys and values are computed once per window; each session keeps its own
 * self-attention cache. Thread-safe: TorchScript modules are read-only, and every call owns its arrays.
 */
final class TorchWhisper implements WhisperNetwork, AutoCloseable {
  static final String ENCODER = "encoder.pt";
  static final String DECODER = "decoder.pt";

  private final WhisperConfig config;
  private final NDManager manager;
  private final Model encoderModel;
  private final Model decoderModel;
  private final PtSymbolBlock encoder;
  private final PtSymbolBlock decoder;
  private final DataType dtype;

  private TorchWhisper(WhisperConfig config, NDManager manager, Model encoderModel, Model decoderModel) {
    this.config = config;
    this.manager = manager;
    this.encoderModel = encoderModel;
    this.decoderModel = decoderModel;
    this.encoder = (PtSymbolBlock) encoderModel.getBlock();
    this.decoder = (PtSymbolBlock) decoderModel.getBlock();
    this.dtype = config.float16() ? DataType.FLOAT16 : DataType.FLOAT32;
  }

  /** Loads both modules onto {@code device}; @throws InvalidModelException naming a missing or broken file */
  static TorchWhisper load(Path dir, WhisperConfig config, Device device) {
    Model encoder = loadModule(dir, ENCODER, device);
    try {
      Model decoder = loadModule(dir, DECODER, device);
      return new TorchWhisper(config, NDManager.newBaseManager(device, "PyTorch"), encoder, decoder);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  private static Model loadModule(Path dir, String file, Device device) {
    Path path = dir.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new InvalidModelException(path + " is missing: re-export the model with tools/export_whisper.py");
    }
    Model model = Model.newInstance(file, device, "PyTorch");
    try {
      model.load(dir, file.substring(0, file.length() - 3), Map.of("mapLocation", "true"));
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new InvalidModelException("cannot load " + path + " as TorchScript: " + e.getMessage()
          + " (re-export the model with tools/export_whisper.py)", e);
    }
  }

  Device device() {
    return manager.getDevice();
  }

  @Override
  public EncodedAudio encode(float[] mel) {
    NDManager scope = manager.newSubManager();
    try {
      NDArray features = encoderOutput(scope, mel);
      NDArray crossKv = call(decoder, "cross_kv", scope, features)[0];
      features.close();
      return new TorchAudio(scope, crossKv);
    } catch (RuntimeException e) {
      scope.close();
      throw e;
    }
  }

  /** The encoder's output for one window, {@code [1, 1500, n_audio_state]}, attached to {@code scope}. */
  NDArray encoderOutput(NDManager scope, float[] mel) {
    NDArray input = scope.create(mel, new Shape(1, config.dims().nMels(), LogMel.N_FRAMES)).toType(dtype, false);
    return call(encoder, "forward", scope, input)[0];
  }

  /** Runs a TorchScript method and returns its outputs (one tensor, or a tuple's tensors) attached to {@code scope}. */
  private static NDArray[] call(PtSymbolBlock block, String method, NDManager scope, NDArray... inputs) {
    // The profiling executor re-optimises for every new cache length; the switch is per thread.
    JniUtils.setGraphExecutorOptimize(false);
    IValue[] args = new IValue[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      args[i] = IValue.from((PtNDArray) inputs[i]);
    }
    try (IValue result = IValueUtils.runMethod(block, method, args)) {
      PtNDManager pt = (PtNDManager) scope;
      if (result.isTuple()) {
        IValue[] items = result.toIValueTuple();
        NDArray[] out = new NDArray[items.length];
        for (int i = 0; i < items.length; i++) {
          out[i] = items[i].toTensor(pt);
          items[i].close();
        }
        return out;
      }
      return new NDArray[] {result.toTensor(pt)};
    } finally {
      for (IValue arg : args) {
        arg.close();
      }
    }
  }

  @Override
  public void close() {
    manager.close();
    encoderModel.close();
    decoderModel.close();
  }

  /** One window's cross-attention keys and values, {@code [n_layer, 2, 1, 1500, d]}. */
  private final class TorchAudio implements EncodedAudio {
    private final NDManager scope;
    private final NDArray crossKv;

    TorchAudio(NDManager scope, NDArray crossKv) {
      this.scope = scope;
      this.crossKv = crossKv;
    }

    @Override
    public TokenSession session(int rows) {
      return new TorchSession(scope.newSubManager(), crossKv, rows);
    }

    @Override
    public Alignment align(int[] tokens) {
      try (NDManager step = scope.newSubManager()) {
        NDArray ids = step.create(toLongs(tokens), new Shape(1, tokens.length));
        NDArray[] out = call(decoder, "alignment", step, ids, crossKv);
        long[] shape = out[0].getShape().getShape();
        int heads = (int) shape[1];
        int frames = (int) shape[3];
        float[] qk = out[0].toType(DataType.FLOAT32, false).toFloatArray();
        float[] logits = out[1].toType(DataType.FLOAT32, false).toFloatArray();
        float[][][] scores = new float[heads][tokens.length][];
        for (int h = 0; h < heads; h++) {
          for (int t = 0; t < tokens.length; t++) {
            int from = (h * tokens.length + t) * frames;
            scores[h][t] = Arrays.copyOfRange(qk, from, from + frames);
          }
        }
        return new Alignment(scores, rows(logits, tokens.length));
      }
    }

    @Override
    public void close() {
      scope.close();
    }
  }

  /** A KV-cached decoding: the self-attention cache of every row, {@code [n_layer, 2, rows, length, d]}. */
  private final class TorchSession implements TokenSession {
    private final NDManager scope;
    private final NDArray crossKv;
    private final int rows;
    private NDArray selfKv;

    TorchSession(NDManager scope, NDArray audioKv, int rows) {
      this.scope = scope;
      this.rows = rows;
      Shape shape = audioKv.getShape();
      this.crossKv = rows == 1 ? audioKv
          : audioKv.broadcast(new Shape(shape.get(0), shape.get(1), rows, shape.get(3), shape.get(4)));
      WhisperConfig.Dims dims = config.dims();
      this.selfKv = scope.zeros(new Shape(dims.nTextLayer(), 2, rows, 0, dims.nTextState()), dtype);
    }

    @Override
    public float[][] next(int[][] tokens) {
      int count = tokens[0].length;
      long[] ids = new long[rows * count];
      for (int r = 0; r < rows; r++) {
        for (int t = 0; t < count; t++) {
          ids[r * count + t] = tokens[r][t];
        }
      }
      try (NDManager step = scope.newSubManager()) {
        NDArray input = step.create(ids, new Shape(rows, count));
        NDArray[] out = call(decoder, "forward", step, input, selfKv, crossKv);
        selfKv.close();
        selfKv = out[1];
        selfKv.attach(scope);
        return rows(out[0].toFloatArray(), rows);
      }
    }

    @Override
    public void reorder(int[] sources) {
      boolean identity = true;
      for (int i = 0; i < sources.length; i++) {
        identity &= sources[i] == i;
      }
      if (identity) {
        return;
      }
      NDArray index = scope.create(toLongs(sources));
      NDArray reordered = selfKv.get(new NDIndex(":, :, {}", index));
      selfKv.close();
      index.close();
      selfKv = reordered;
    }

    @Override
    public void close() {
      scope.close();
    }
  }

  private static float[][] rows(float[] flat, int count) {
    int width = flat.length / count;
    float[][] out = new float[count][];
    for (int r = 0; r < count; r++) {
      out[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
    }
    return out;
  }

  private static long[] toLongs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
