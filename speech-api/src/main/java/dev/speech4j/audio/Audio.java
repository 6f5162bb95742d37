package dev.speech4j.audio;

import dev.speech4j.InvalidAudioException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading and writing audio files.
 *
 * <p>WAV (RIFF and RF64, PCM 8/16/24/32-bit, float 32/64, WAVE_FORMAT_EXTENSIBLE, any channel count) and FLAC are
 * decoded in Java. Every other format (MP3, Ogg/Opus, WebM, M4A…) streams through an {@code ffmpeg} process when
 * one is on the PATH; without it, opening such a file throws {@link dev.speech4j.UnsupportedAudioException} naming
 * the format and the fix. Sources decode as they are read, so any length streams in bounded memory.
 *
 * <pre>{@code
 * try (AudioSource in = Audio.open(Path.of("talk.flac")).mono().resample(16_000)) {
 *   Audio.write(in, Path.of("talk-16k.wav"), WavEncoding.PCM_16);
 * }
 * }</pre>
 */
public final class Audio {
  private Audio() {}

  /**
   * Opens an audio file, recognised by its content rather than its name.
   *
   * @throws dev.speech4j.InvalidAudioException if the file is empty, truncated or corrupt
   * @throws dev.speech4j.UnsupportedAudioException if the format needs {@code ffmpeg} and none is installed
   * @throws UncheckedIOException if the file cannot be read
   */
  public static AudioSource open(Path file) {
    InputStream in = newInputStream(file);
    try {
      return open(in, file.toString(), file);
    } catch (RuntimeException e) {
      closeQuietly(in, e);
      throw e;
    }
  }

  /**
   * Opens audio from a stream, recognised by its content. The source owns the stream and closes it.
   *
   * @see #open(Path)
   */
  public static AudioSource open(InputStream in) {
    try {
      return open(in, "stream", null);
    } catch (RuntimeException e) {
      closeQuietly(in, e);
      throw e;
    }
  }

  /**
   * The ffmpeg executable speech4j runs, to decode what Java does not and for anything else that needs it: the
   * system property {@code speech4j.ffmpeg}, else {@code ffmpeg} on the PATH.
   */
  public static String ffmpegExecutable() {
    return Ffmpeg.executable();
  }

  /**
   * The header of a 16-bit PCM WAV stream whose length is not known yet (its sizes read 0xFFFFFFFF, as ffmpeg and
   * OpenAI's speech API write them); 16-bit little-endian samples follow it.
   */
  public static byte[] wavStreamHeader(int sampleRate, int channels) {
    return WavWriter.streamHeader(sampleRate, channels);
  }

  /** Opens headerless PCM laid out as {@code format}. The source owns the stream and closes it. */
  public static AudioSource openRaw(InputStream in, PcmFormat format) {
    return new RawPcmSource(in, format, "raw PCM");
  }

  /** Opens a headerless PCM file laid out as {@code format}. */
  public static AudioSource openRaw(Path file, PcmFormat format) {
    return new RawPcmSource(newInputStream(file), format, "raw PCM " + file);
  }

  /** Reads a whole file into memory, e.g. a short clip. For long audio, stream with {@link #open(Path)}. */
  public static SpeechAudio read(Path file) {
    try (AudioSource source = open(file)) {
      return source.readAll();
    }
  }

  /** Writes {@code audio} as a WAV file. */
  public static void write(SpeechAudio audio, Path file, WavEncoding encoding) {
    try (AudioSource source = audio.asSource()) {
      write(source, file, encoding);
    }
  }

  /**
   * Streams {@code source} into a WAV file, chunk by chunk, in bounded memory. Data over 4 GiB is written as RF64.
   * A partly written file is deleted if reading the source fails.
   *
   * @return the number of frames written
   */
  public static long write(AudioSource source, Path file, WavEncoding encoding) {
    return WavWriter.write(source, file, encoding);
  }

  /** Writes {@code audio} as WAV to a stream, which is left open. */
  public static void write(SpeechAudio audio, OutputStream out, WavEncoding encoding) {
    WavWriter.write(audio, out, encoding);
  }

  private static AudioSource open(InputStream raw, String name, Path file) {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    byte[] magic = peek(in, 12);
    if (magic.length == 0) {
      throw new InvalidAudioException(name + " is empty: it holds no bytes at all");
    }
    Container container = Container.sniff(magic);
    return switch (container) {
      case WAV -> WavReader.open(in, name);
      case FLAC -> FlacReader.open(in, name);
      default -> Ffmpeg.open(in, file, name, container);
    };
  }

  private static byte[] peek(BufferedInputStream in, int n) {
    try {
      in.mark(n);
      byte[] head = in.readNBytes(n);
      in.reset();
      return head;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream newInputStream(Path file) {
    if (Files.isDirectory(file)) {
      throw new InvalidAudioException(file + " is a folder, not an audio file");
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new InvalidAudioException("audio file not found: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(InputStream in, RuntimeException failure) {
    try {
      in.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
