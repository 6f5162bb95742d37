package dev.speech4j.engine.whispercpp.internal;

import dev.speech4j.InvalidModelException;
import dev.speech4j.whisper.LogMel;
import dev.speech4j.whisper.ModelDims;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A whisper.cpp ggml model file, checked in Java before any native code sees it: whisper.cpp trusts its input and
 * can abort the JVM on a malformed file. The walk covers the header, the mel filters, the vocabulary and every
 * tensor's header and data extent, so a truncated, foreign or weightless file gets an {@link InvalidModelException}
 * naming the file and the problem.
 *
 * @param hparams the model's dimensions, in file order
 * @param ftype the file type (the GGML quantisation version removed): 0 all f32, 1 f16, 2.. quantised
 * @param melFilters the mel filter bank, [n_mels][n_fft] row-major
 * @param tensorTypes the ggml type of each tensor, by name
 */
record GgmlFile(ModelDims hparams, int ftype, float[] melFilters, Map<String, Integer> tensorTypes) {
  static final int MAGIC = 0x67676d6c;
  static final int FTYPE_F32 = 0;
  static final int FTYPE_F16 = 1;

  /** The dimensions in a ggml Whisper header. */

  /** ggml tensor types whisper.cpp 1.7.1 can load: elements per block and bytes per block. */
  private static final Map<Integer, int[]> TYPES = Map.ofEntries(
      Map.entry(0, new int[] {1, 4}), // f32
      Map.entry(1, new int[] {1, 2}), // f16
      Map.entry(2, new int[] {32, 18}), // q4_0
      Map.entry(3, new int[] {32, 20}), // q4_1
      Map.entry(6, new int[] {32, 22}), // q5_0
      Map.entry(7, new int[] {32, 24}), // q5_1
      Map.entry(8, new int[] {32, 34}), // q8_0
      Map.entry(10, new int[] {256, 84}), // q2_K
      Map.entry(11, new int[] {256, 110}), // q3_K
      Map.entry(12, new int[] {256, 144}), // q4_K
      Map.entry(13, new int[] {256, 176}), // q5_K
      Map.entry(14, new int[] {256, 210})); // q6_K

  /** File types whisper.cpp 1.7.1 knows (ggml_ftype). */
  private static final Map<Integer, String> FTYPES = Map.ofEntries(Map.entry(0, "f32"), Map.entry(1, "f16"),
      Map.entry(2, "q4_0"), Map.entry(3, "q4_1"), Map.entry(4, "q4_1 (some f16)"), Map.entry(7, "q8_0"),
      Map.entry(8, "q5_0"), Map.entry(9, "q5_1"), Map.entry(10, "q2_K"), Map.entry(11, "q3_K"),
      Map.entry(12, "q4_K"), Map.entry(13, "q5_K"), Map.entry(14, "q6_K"));

  /** Whether {@code file} starts with ggml's magic number; false when it cannot be read. */
  static boolean hasMagic(Path file) {
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      return channel.read(head) == 4 && head.getInt(0) == MAGIC;
    } catch (IOException e) {
      return false;
    }
  }

  /** @throws InvalidModelException if the file is not a complete ggml Whisper model */
  static GgmlFile read(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return new Reader(file, channel).read();
    } catch (EOFException e) {
      throw invalid(file, "it is truncated (" + e.getMessage() + "): download or export it again");
    } catch (IOException e) {
      throw new InvalidModelException("cannot read the whisper.cpp model " + file + ": " + e, e);
    }
  }


  /**
   * Whether whisper.cpp 1.7.1 takes this for a first-release distil-whisper model (2 decoder layers) and forces
   * decoding without timestamps.
   */
  boolean timestampsForcedOff() {
    return hparams.nTextLayer() == 2 && hparams.nVocab() != 51866;
  }

  /** The file type's name, e.g. {@code f16} or {@code q5_0}. */
  String ftypeName() {
    return FTYPES.get(ftype);
  }

  private static InvalidModelException invalid(Path file, String why) {
    return new InvalidModelException("whisper.cpp model " + file + " is unusable: " + why);
  }

  /** Reads little-endian fields in order, checking each against the file's size. */
  private static final class Reader {
    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(4 * 8).order(ByteOrder.LITTLE_ENDIAN);

    Reader(Path file, FileChannel channel) throws IOException {
      this.file = file;
      this.channel = channel;
      this.size = channel.size();
    }

    GgmlFile read() throws IOException {
      if (size < 4) {
        throw invalid(file, "it has " + size + " bytes, too few for a model");
      }
      int magic = readInt("magic");
      if (magic != MAGIC) {
        throw invalid(file, magic == 0x46554747 ? "it is a GGUF file, which whisper.cpp " + WhisperNatives.VERSION
            + " cannot load: use a ggml .bin (whisper.cpp's models/convert-pt-to-ggml.py or speech4j's exporter)"
            : String.format("its magic number is 0x%08x, not ggml's 0x%08x: it is not a whisper.cpp model", magic,
                MAGIC));
      }
      int[] h = new int[11];
      for (int i = 0; i < h.length; i++) {
        h[i] = readInt("header");
      }
      // the header stores n_vocab, the audio dims, the text dims, n_mels
      ModelDims hp = new ModelDims(h[9], h[1], h[2], h[3], h[4], h[0], h[5], h[6], h[7], h[8]);
      check(hp);
      int ftype = h[10] % 1000;
      if (h[10] < 0 || !FTYPES.containsKey(ftype)) {
        throw invalid(file, "its file type " + h[10] + " is none whisper.cpp knows");
      }
      int melCount = readInt("mel filters");
      int fftCount = readInt("mel filters");
      if (melCount != hp.nMels() || fftCount != LogMel.N_FFT / 2 + 1) {
        throw invalid(file, "its mel filter bank is " + melCount + " x " + fftCount + " for a model of "
            + hp.nMels() + " mel bins");
      }
      ByteBuffer filters = ByteBuffer.allocate(4 * melCount * fftCount).order(ByteOrder.LITTLE_ENDIAN);
      readFully(filters, "mel filters");
      float[] melFilters = new float[melCount * fftCount];
      filters.flip().asFloatBuffer().get(melFilters);
      int words = readInt("vocabulary");
      if (words <= 0 || words > hp.nVocab()) {
        throw invalid(file, "its vocabulary has " + words + " entries for a model of " + hp.nVocab() + " tokens");
      }
      for (int i = 0; i < words; i++) {
        int length = readInt("vocabulary");
        if (length < 0 || length > 1024) {
          throw invalid(file, "vocabulary entry " + i + " has a length of " + length);
        }
        skip(length, "vocabulary");
      }
      Map<String, Integer> tensors = readTensors();
      if (tensors.isEmpty()) {
        throw invalid(file, "the model has no weights: it holds a vocabulary only (like whisper.cpp's "
            + "for-tests-*.bin files); use a full model");
      }
      return new GgmlFile(hp, ftype, melFilters, Map.copyOf(tensors));
    }

    private void check(ModelDims hp) {
      boolean sane = hp.nVocab() > 0 && hp.nVocab() <= 1_000_000 && (hp.nMels() == 80 || hp.nMels() == 128)
          && between(hp.nAudioCtx(), 1, 1500) && between(hp.nTextCtx(), 1, 448)
          && between(hp.nAudioLayer(), 1, 256) && between(hp.nTextLayer(), 1, 256)
          && between(hp.nAudioHead(), 1, 256) && between(hp.nTextHead(), 1, 256)
          && between(hp.nAudioState(), 1, 16384) && between(hp.nTextState(), 1, 16384)
          && hp.nAudioState() % hp.nAudioHead() == 0 && hp.nTextState() % hp.nTextHead() == 0;
      if (!sane) {
        throw invalid(file, "its dimensions are not a Whisper model's: " + hp);
      }
    }

    private Map<String, Integer> readTensors() throws IOException {
      Map<String, Integer> types = new HashMap<>();
      while (channel.position() < size) {
        int dims = readInt("tensor header");
        int nameLength = readInt("tensor header");
        int type = readInt("tensor header");
        if (dims < 1 || dims > 4 || nameLength < 1 || nameLength > 256) {
          throw invalid(file, "tensor " + types.size() + " has a malformed header (" + dims + " dimensions, a "
              + nameLength + "-byte name)");
        }
        int[] block = TYPES.get(type);
        long elements = 1;
        long rowLength = 0;
        for (int d = 0; d < dims; d++) {
          int n = readInt("tensor header");
          if (n <= 0) {
            throw invalid(file, "tensor " + types.size() + " has a dimension of " + n);
          }
          rowLength = d == 0 ? n : rowLength;
          elements = Math.multiplyExact(elements, n);
        }
        String name = readString(nameLength);
        if (block == null) {
          throw invalid(file, "tensor " + name + " has ggml type " + type + ", which whisper.cpp "
              + WhisperNatives.VERSION + " cannot load");
        }
        if (rowLength % block[0] != 0) {
          throw invalid(file, "tensor " + name + " has rows of " + rowLength + ", not a multiple of its block");
        }
        if (types.put(name, type) != null) {
          throw invalid(file, "tensor " + name + " appears twice");
        }
        skip(elements / block[0] * block[1], "tensor " + name);
      }
      return types;
    }

    private static boolean between(int value, int min, int max) {
      return value >= min && value <= max;
    }

    private int readInt(String what) throws IOException {
      fill(4, what);
      return buffer.getInt(0);
    }

    private String readString(int length) throws IOException {
      ByteBuffer name = ByteBuffer.allocate(length);
      readFully(name, "tensor name");
      return new String(name.array(), StandardCharsets.UTF_8);
    }

    private void fill(int count, String what) throws IOException {
      buffer.clear().limit(count);
      readFully(buffer, what);
    }

    private void readFully(ByteBuffer target, String what) throws IOException {
      while (target.hasRemaining()) {
        if (channel.read(target) < 0) {
          throw new EOFException("the " + what + " ends at byte " + size);
        }
      }
    }

    private void skip(long count, String what) throws IOException {
      long end = channel.position() + count;
      if (end > size) {
        throw new EOFException("the " + what + " needs " + (end - size) + " more bytes than the file's " + size);
      }
      channel.position(end);
    }
  }
}
