package dev.speech4j.audio;

import dev.speech4j.internal.AtomicFiles;
import dev.speech4j.InvalidAudioException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes WAV files as 16-bit PCM or 32-bit float. A file is streamed into a temporary file beside the target, its
 * header patched with the final sizes and then moved into place, so a failure leaves nothing behind. Its header
 * reserves a JUNK chunk the size of an RF64 {@code ds64} chunk (EBU Tech 3306), so data beyond 4 GiB turns the file
 * into RF64 in place.
 */
final class WavWriter {
  private static final long MAX_RIFF_SIZE = 0xFFFFFFFFL;
  private static final int DS64_SIZE = 28;
  private static final int CHUNK_FRAMES = 8192;

  private WavWriter() {}

  static long write(AudioSource source, Path file, WavEncoding encoding) {
    int channels = checkLayout(source.sampleRate(), source.channels(), encoding);
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new UncheckedIOException("cannot write " + file + ": the folder " + dir + " does not exist",
          new NoSuchFileException(dir.toString()));
    }
    if (Files.isDirectory(file)) {
      throw new UncheckedIOException("cannot write " + file + ": it is a folder; give a file name",
          new FileSystemException(file.toString()));
    }
    Path temp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".part");
    try {
      long frames;
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeAll(out, ByteBuffer.wrap(header(encoding, source.sampleRate(), channels, 0, true)));
        float[] samples = new float[CHUNK_FRAMES * channels];
        byte[] bytes = new byte[samples.length * bytesPerSample(encoding)];
        frames = 0;
        for (int n; (n = source.read(samples)) > 0; ) {
          int length = encode(samples, 0, n * channels, bytes, encoding);
          writeAll(out, ByteBuffer.wrap(bytes, 0, length));
          frames += n;
        }
        writeAll(out.position(0), ByteBuffer.wrap(header(encoding, source.sampleRate(), channels, frames, true)));
      }
      AtomicFiles.replace(temp, file);
      return frames;
    } catch (IOException e) {
      deleteQuietly(temp, e);
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  static void write(SpeechAudio audio, OutputStream out, WavEncoding encoding) {
    int channels = checkLayout(audio.sampleRate(), audio.channels(), encoding);
    float[] samples = audio.samplesNoCopy();
    int chunk = CHUNK_FRAMES * channels;
    byte[] bytes = new byte[Math.min(samples.length, chunk) * bytesPerSample(encoding)];
    try {
      out.write(header(encoding, audio.sampleRate(), channels, audio.frames(), false));
      for (int at = 0; at < samples.length; at += chunk) {
        out.write(bytes, 0, encode(samples, at, Math.min(chunk, samples.length - at), bytes, encoding));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write WAV to stream: " + e.getMessage(), e);
    }
  }

  private static int checkLayout(int sampleRate, int channels, WavEncoding encoding) {
    int maxChannels = 0xFFFF / bytesPerSample(encoding); // a frame's bytes must fit the 16-bit block align field
    if (channels <= 0 || channels > maxChannels) {
      throw new InvalidAudioException("WAV " + encoding + " holds 1 to " + maxChannels + " channels, not " + channels);
    }
    if (sampleRate <= 0) {
      throw new InvalidAudioException("WAV needs a positive sample rate, not " + sampleRate + " Hz");
    }
    return channels;
  }

  private static int bytesPerSample(WavEncoding encoding) {
    return encoding == WavEncoding.PCM_16 ? 2 : 4;
  }

  /** Encodes {@code count} samples from {@code from} little-endian into {@code out}; returns the bytes written. */
  private static int encode(float[] samples, int from, int count, byte[] out, WavEncoding encoding) {
    if (encoding == WavEncoding.PCM_16) {
      for (int i = 0, b = 0; i < count; i++, b += 2) {
        short v = Pcm.toPcm16(samples[from + i]);
        out[b] = (byte) v;
        out[b + 1] = (byte) (v >> 8);
      }
      return count * 2;
    }
    for (int i = 0, b = 0; i < count; i++, b += 4) {
      int v = Float.floatToRawIntBits(samples[from + i]);
      out[b] = (byte) v;
      out[b + 1] = (byte) (v >> 8);
      out[b + 2] = (byte) (v >> 16);
      out[b + 3] = (byte) (v >> 24);
    }
    return count * 4;
  }

  /**
   * The header for {@code frames} frames: RIFF when the file fits in 4 GiB, else RF64 with a {@code ds64} chunk.
   * With {@code reserve}, a RIFF header carries a JUNK chunk in the ds64 chunk's place, so both have one length.
   */
  static byte[] header(WavEncoding encoding, int sampleRate, int channels, long frames, boolean reserve) {
    boolean pcm = encoding == WavEncoding.PCM_16;
    int sampleBytes = bytesPerSample(encoding);
    long dataBytes = frames * channels * sampleBytes;
    int fmtSize = pcm ? 16 : 18;
    int factSize = pcm ? 0 : 12;
    int riffHeaderBytes = 12 + (reserve ? 8 + DS64_SIZE : 0) + 8 + fmtSize + factSize + 8;
    boolean rf64 = riffHeaderBytes - 8 + dataBytes > MAX_RIFF_SIZE;
    int headerBytes = rf64 ? 12 + 8 + DS64_SIZE + 8 + fmtSize + factSize + 8 : riffHeaderBytes;
    long riffSize = headerBytes - 8 + dataBytes;
    ByteBuffer b = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii(rf64 ? "RF64" : "RIFF")).putInt(rf64 ? -1 : (int) riffSize).put(ascii("WAVE"));
    if (rf64) {
      b.put(ascii("ds64")).putInt(DS64_SIZE).putLong(riffSize).putLong(dataBytes).putLong(frames).putInt(0);
    } else if (reserve) {
      b.put(ascii("JUNK")).putInt(DS64_SIZE).put(new byte[DS64_SIZE]);
    }
    b.put(ascii("fmt ")).putInt(fmtSize).putShort((short) (pcm ? 1 : 3)).putShort((short) channels)
        .putInt(sampleRate).putInt((int) ((long) sampleRate * channels * sampleBytes)).putShort((short) (channels * sampleBytes))
        .putShort((short) (8 * sampleBytes));
    if (!pcm) {
      b.putShort((short) 0); // cbSize
      b.put(ascii("fact")).putInt(4).putInt(rf64 ? -1 : (int) frames);
    }
    b.put(ascii("data")).putInt(rf64 ? -1 : (int) dataBytes);
    return b.array();
  }

  /** A 16-bit PCM header for a stream of unknown length: both sizes read 0xFFFFFFFF, as ffmpeg writes on a pipe. */
  static byte[] streamHeader(int sampleRate, int channels) {
    checkLayout(sampleRate, channels, WavEncoding.PCM_16);
    byte[] header = header(WavEncoding.PCM_16, sampleRate, channels, 0, false);
    ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(4, -1).putInt(header.length - 4, -1);
    return header;
  }

  private static byte[] ascii(String fourCc) {
    return fourCc.getBytes(StandardCharsets.US_ASCII);
  }

  private static void writeAll(FileChannel out, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      out.write(bytes);
    }
  }

  private static void deleteQuietly(Path temp, Throwable failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
