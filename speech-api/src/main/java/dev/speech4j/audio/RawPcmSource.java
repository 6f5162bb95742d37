package dev.speech4j.audio;

import dev.speech4j.InvalidAudioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * Packed PCM frames read from a stream and decoded a buffer at a time: headerless raw PCM, and the data chunk of a
 * WAV file once {@link WavReader} has parsed its header.
 */
final class RawPcmSource implements AudioSource {
  /** Bytes decoded per read at most (but always at least one frame). */
  private static final int BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final PcmFormat format;
  private final SampleDecoder decoder;
  private final String description;
  private final String label;
  private final long dataBytes;
  private final int frameBytes;
  private byte[] bytes = new byte[0];
  private long bytesRead;
  private long framesRead;
  private boolean ended;

  RawPcmSource(InputStream in, PcmFormat format, String description) {
    this(in, format, description, -1, "raw PCM");
  }

  /**
   * @param dataBytes bytes of audio the container declares, or -1 to read to the end of the stream
   * @param label what the bytes are, for error messages, e.g. {@code "talk.wav: WAV data chunk"}
   */
  RawPcmSource(InputStream in, PcmFormat format, String description, long dataBytes, String label) {
    this.in = Objects.requireNonNull(in, "in");
    this.format = Objects.requireNonNull(format, "format");
    this.decoder = new SampleDecoder(format.encoding(), format.byteOrder());
    this.description = description;
    this.label = label;
    this.dataBytes = dataBytes;
    this.frameBytes = format.frameBytes();
  }

  @Override
  public int sampleRate() {
    return format.sampleRate();
  }

  @Override
  public int channels() {
    return format.channels();
  }

  @Override
  public long frameCount() {
    return dataBytes < 0 ? -1 : dataBytes / frameBytes;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public int read(float[] buffer) {
    int frames = Math.min(Frames.capacity(buffer, format.channels()), Math.max(1, BUFFER_BYTES / frameBytes));
    if (dataBytes >= 0) {
      frames = (int) Math.min(frames, (dataBytes - bytesRead) / frameBytes);
    }
    if (ended || frames == 0) {
      ended = true;
      return -1;
    }
    int wanted = frames * frameBytes;
    if (bytes.length < wanted) {
      bytes = new byte[wanted];
    }
    int got = readUpTo(wanted);
    bytesRead += got;
    if (got < wanted) {
      ended = true;
      if (dataBytes >= 0) {
        throw new InvalidAudioException(label + " declares " + dataBytes + " bytes of audio but the stream ended after "
            + bytesRead + ": the file is truncated. Re-export it, or cut the header's size with "
            + "'ffmpeg -i in.wav out.wav' to keep what is there.");
      }
      if (got % frameBytes != 0) {
        throw new InvalidAudioException(label + " ends mid-frame: " + got % frameBytes + " stray bytes after "
            + (framesRead + got / frameBytes) + " frames of " + frameBytes + " bytes. Check the declared layout "
            + "(" + format.encoding() + ", " + format.channels() + " channels) or whether the file is cut short.");
      }
      frames = got / frameBytes;
      if (frames == 0) {
        return -1;
      }
    }
    int samples = frames * format.channels();
    int bad = decoder.decode(bytes, buffer, samples);
    if (bad >= 0) {
      throw nonFinite(bad);
    }
    framesRead += frames;
    return frames;
  }

  private InvalidAudioException nonFinite(int index) {
    long frame = framesRead + index / format.channels();
    return new InvalidAudioException(String.format(Locale.ROOT,
        "%s holds a NaN or infinite float sample at frame %d (%.3f s), channel %d: the file is corrupt. "
            + "Re-export it from the original audio.",
        label, frame, (double) frame / format.sampleRate(), index % format.channels()));
  }

  private int readUpTo(int n) {
    try {
      return in.readNBytes(bytes, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + label + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
