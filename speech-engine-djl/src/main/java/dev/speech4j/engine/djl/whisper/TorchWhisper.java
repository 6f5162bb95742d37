package dev.speech4j.engine.djl.whisper;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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
import dev.speech4j.whisper.ModelDims;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@link WhisperNetwork} on DJL's PyTorch engine: the exported TorchScript {@code encoder.pt} and KV-cached
 * {@code decoder.pt}. Cross-attention keys and values are computed once per window; each session keeps its own
 * self-attention cache. Thread-safe: TorchScript modules are read-only, and every call owns its arrays.
 */
final class TorchWhisper implements WhisperNetwork, AutoCloseable {
  static final String ENCODER = "encoder.pt";
  static final String DECODER = "decoder.pt";
  /** The dimension of the rows (windows, beams) in the decoder's caches. */
  private static final int ROWS = 2;
  /** Decoder steps on as many intra-op threads as the encoder. */
  static final int STEP_THREADS_OF_ENCODER = 0;

  private final WhisperConfig config;
  private final NDManager manager;
  private final Model encoderModel;
  private final Model decoderModel;
  private final PtSymbolBlock encoder;
  private final PtSymbolBlock decoder;
  private final DataType dtype;
  /**
   * Intra-op threads of the encoder (and of cross-attention keys and word alignment): the engine's setting, else
   * libtorch's default (the cores).
   */
  private final int threads = JniUtils.getNumThreads();
  private final int stepThreads;

  private TorchWhisper(WhisperConfig config, NDManager manager, Model encoderModel, Model decoderModel,
      int stepThreads) {
    this.stepThreads = stepThreads == STEP_THREADS_OF_ENCODER ? threads : stepThreads;
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
    return load(dir, config, device, STEP_THREADS_OF_ENCODER);
  }

  /**
   * Loads both modules onto {@code device}, decoder steps running on {@code stepThreads} intra-op threads (or
   * {@link #STEP_THREADS_OF_ENCODER}); @throws InvalidModelException naming a missing or broken file
   */
  static TorchWhisper load(Path dir, WhisperConfig config, Device device, int stepThreads) {
    Model encoder = loadModule(dir, ENCODER, device);
    try {
      Model decoder = loadModule(dir, DECODER, device);
      return new TorchWhisper(config, NDManager.newBaseManager(device, "PyTorch"), encoder, decoder, stepThreads);
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

  /**
   * One encoder call of shape {@code [B, n_mels, 3000]} and one {@code cross_kv} call for all windows; each window
   * then holds its own slice of the keys and values.
   */
  @Override
  public List<EncodedAudio> encode(List<float[]> mels) {
    int frameValues = config.dims().nMels() * LogMel.N_FRAMES;
    float[] batch = new float[mels.size() * frameValues];
    for (int i = 0; i < mels.size(); i++) {
      System.arraycopy(mels.get(i), 0, batch, i * frameValues, frameValues);
    }
    List<EncodedAudio> out = new ArrayList<>();
    try (NDManager scope = manager.newSubManager()) {
      NDArray features = encoderOutput(scope, batch, mels.size());
      NDArray crossKv = call(decoder, "cross_kv", threads, scope, features)[0];
      for (int i = 0; i < mels.size(); i++) {
        NDManager window = manager.newSubManager();
        NDArray slice = mels.size() == 1 ? crossKv : crossKv.get(new NDIndex(":, :, {}:{}", i, i + 1));
        slice.attach(window);
        out.add(new TorchAudio(window, slice));
      }
      return out;
    } catch (RuntimeException e) {
      out.forEach(EncodedAudio::close);
      throw e;
    }
  }

  /**
   * The encoder's output for {@code windows} windows, {@code [windows, 1500, n_audio_state]}, attached to
   * {@code scope}.
   */
  NDArray encoderOutput(NDManager scope, float[] mels, int windows) {
    NDArray input = scope.create(mels, new Shape(windows, config.dims().nMels(), LogMel.N_FRAMES))
        .toType(dtype, false);
    return call(encoder, "forward", threads, scope, input)[0];
  }

  @Override
  public TokenSession session(List<EncodedAudio> audios, int[] rows) {
    NDManager scope = manager.newSubManager();
    try {
      return new TorchSession(scope, audios, rows);
    } catch (RuntimeException e) {
      scope.close();
      throw e;
    }
  }

  /** Runs a TorchScript method and returns its outputs (one tensor, or a tuple's tensors) attached to {@code scope}. */
  private static NDArray[] call(PtSymbolBlock block, String method, int threads, NDManager scope,
      NDArray... inputs) {
    // The profiling executor re-optimises for every new cache length; the switch is per thread, as is the count
    // of intra-op threads.
    JniUtils.setGraphExecutorOptimize(false);
    JniUtils.setNumThreads(threads);
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

  /** One window's cross-attention keys and values, {@code [n_layer, 2, 1, n_head, 1500, d / n_head]}. */
  private final class TorchAudio implements EncodedAudio {
    private final NDManager scope;
    private final NDArray crossKv;

    TorchAudio(NDManager scope, NDArray crossKv) {
      this.scope = scope;
      this.crossKv = crossKv;
    }

    @Override
    public Alignment align(int[] tokens) {
      try (NDManager step = scope.newSubManager()) {
        NDArray ids = step.create(toLongs(tokens), new Shape(1, tokens.length));
        NDArray[] out = call(decoder, "alignment", threads, step, ids, crossKv);
        long[] shape = out[0].getShape().getShape();
        int heads = (int) shape[1];
        int frames = (int) shape[3];
        float[] qk = out[0].toType(DataType.FLOAT32, false).toFloatArray();
        float[][][] scores = new float[heads][tokens.length][];
        for (int h = 0; h < heads; h++) {
          for (int t = 0; t < tokens.length; t++) {
            int from = (h * tokens.length + t) * frames;
            scores[h][t] = Arrays.copyOfRange(qk, from, from + frames);
          }
        }
        return new Alignment(scores, rows(out[1].toType(DataType.FLOAT32, false), tokens.length));
      }
    }

    @Override
    public void close() {
      scope.close();
    }
  }

  /**
   * A KV-cached decoding: the self-attention cache of every row, {@code [n_layer, 2, rows, length, d]}, and the
   * cross-attention keys and values of each row's audio (rows also in dimension {@value #ROWS}).
   */
  private final class TorchSession implements TokenSession {
    private final NDManager scope;
    private NDArray crossKv;
    private NDArray selfKv;
    private int[] audioOfRow;

    TorchSession(NDManager scope, List<EncodedAudio> audios, int[] rows) {
      this.scope = scope;
      List<NDArray> parts = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      for (int a = 0; a < audios.size(); a++) {
        NDArray kv = ((TorchAudio) audios.get(a)).crossKv;
        if (rows[a] != 1) {
          long[] shape = kv.getShape().getShape();
          shape[ROWS] = rows[a];
          kv = kv.broadcast(new Shape(shape));
          kv.attach(scope);
        }
        parts.add(kv);
        for (int r = 0; r < rows[a]; r++) {
          owners.add(a);
        }
      }
      if (parts.size() == 1) {
        crossKv = parts.get(0);
      } else {
        crossKv = NDArrays.concat(new NDList(parts), ROWS);
        crossKv.attach(scope);
      }
      this.audioOfRow = owners.stream().mapToInt(Integer::intValue).toArray();
      ModelDims dims = config.dims();
      this.selfKv = scope.zeros(new Shape(dims.nTextLayer(), 2, audioOfRow.length, 0, dims.nTextState()), dtype);
    }

    @Override
    public float[][] next(int[][] tokens) {
      int rows = tokens.length;
      int count = tokens[0].length;
      long[] ids = new long[rows * count];
      for (int r = 0; r < rows; r++) {
        for (int t = 0; t < count; t++) {
          ids[r * count + t] = tokens[r][t];
        }
      }
      try (NDManager step = scope.newSubManager()) {
        NDArray input = step.create(ids, new Shape(rows, count));
        NDArray[] out = call(decoder, "forward", stepThreads, step, input, selfKv, crossKv);
        selfKv.close();
        selfKv = out[1];
        selfKv.attach(scope);
        return rows(out[0], rows);
      }
    }

    @Override
    public void reorder(int[] sources) {
      int[] owners = new int[sources.length];
      boolean identity = sources.length == audioOfRow.length;
      for (int i = 0; i < sources.length; i++) {
        identity &= sources[i] == i;
        owners[i] = audioOfRow[sources[i]];
      }
      if (identity) {
        return;
      }
      NDArray index = scope.create(toLongs(sources));
      NDArray reordered = selfKv.get(new NDIndex(":, :, {}", index));
      selfKv.close();
      selfKv = reordered;
      if (!Arrays.equals(owners, audioOfRow)) {
        NDArray cross = crossKv.get(new NDIndex(":, :, {}", index));
        cross.attach(scope);
        if (crossKv.getManager() == scope) {
          crossKv.close();
        }
        crossKv = cross;
        audioOfRow = owners;
      }
      index.close();
    }

    @Override
    public void close() {
      scope.close();
    }
  }

  /**
   * The rows of a float32 {@code [count, width]} tensor, copied once out of native memory (through a direct view of
   * it, which this must not outlive).
   */
  private static float[][] rows(NDArray matrix, int count) {
    FloatBuffer flat = ((PtNDArray) matrix).toByteBuffer(true).asFloatBuffer();
    int width = flat.remaining() / count;
    float[][] out = new float[count][width];
    for (float[] row : out) {
      flat.get(row);
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
