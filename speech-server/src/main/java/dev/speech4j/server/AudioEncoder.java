package dev.speech4j.server;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes speech to a response piece by piece in one of OpenAI's formats: {@code wav} (a stream header, then 16-bit
 * PCM), {@code pcm} (raw 16-bit little-endian) natively; {@code mp3}, {@code opus}, {@code aac} and {@code flac}
 * through an {@code ffmpeg} process ({@link Audio#ffmpegExecutable()}) fed on its standard input.
 */
enum AudioEncoder {
  WAV("audio/wav", null),
  PCM("audio/pcm", null),
  MP3("audio/mpeg", List.of("-f", "mp3")),
  OPUS("audio/ogg", List.of("-c:a", "libopus", "-f", "ogg")),
  AAC("audio/aac", List.of("-c:a", "aac", "-f", "adts")),
  FLAC("audio/flac", List.of("-f", "flac"));

  private static final Map<String, Boolean> FFMPEG_RUNS = new ConcurrentHashMap<>();

  private final String contentType;
  private final List<String> ffmpegOutput;

  AudioEncoder(String contentType, List<String> ffmpegOutput) {
    this.contentType = contentType;
    this.ffmpegOutput = ffmpegOutput;
  }

  /**
   * The encoder called {@code name}.
   *
   * @throws ApiException 400 for an unknown name, or a format that needs ffmpeg when it is not installed
   */
  static AudioEncoder of(String name) {
    AudioEncoder encoder;
    try {
      encoder = valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("response_format", "response_format must be one of wav, pcm, mp3, opus, aac "
          + "or flac, got '" + name + "'");
    }
    if (encoder.ffmpegOutput != null && !ffmpegPresent()) {
      throw ApiException.badRequest("response_format", "response_format " + name + " needs ffmpeg, which is not "
          + "installed here (apt install ffmpeg); wav and pcm need nothing");
    }
    return encoder;
  }

  /** OpenAI's default, mp3, when ffmpeg can make it; else wav. */
  static AudioEncoder defaultFormat() {
    return ffmpegPresent() ? MP3 : WAV;
  }

  String contentType() {
    return contentType;
  }

  /** Whether the stream must be at a given rate: OpenAI's {@code pcm} is 24 kHz. */
  int requiredRate() {
    return this == PCM ? 24_000 : 0;
  }

  /** Opens a sink that writes pieces to {@code out}; its first piece fixes the sample rate. */
  Sink open(OutputStream out) {
    return ffmpegOutput == null ? new PcmSink(out, this == WAV) : new FfmpegSink(out, ffmpegOutput);
  }

  /** Pieces of speech in, encoded bytes out. */
  interface Sink extends AutoCloseable {
    /** Encodes and sends {@code piece}. */
    void write(SpeechAudio piece);

    /** Sends what is left; the stream is complete. */
    void finish();

    /** Gives up, e.g. after a failure; releases what the sink holds. */
    @Override
    void close();
  }

  private static final class PcmSink implements Sink {
    private final OutputStream out;
    private boolean header;

    PcmSink(OutputStream out, boolean header) {
      this.out = out;
      this.header = header;
    }

    @Override
    public void write(SpeechAudio piece) {
      try {
        if (header) {
          out.write(Audio.wavStreamHeader(piece.sampleRate(), piece.channels()));
          header = false;
        }
        out.write(piece.toPcm16Bytes());
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("the client closed the connection", e);
      }
    }

    @Override
    public void finish() {}

    @Override
    public void close() {}
  }

  /** ffmpeg reading 16-bit PCM on stdin; a thread copies its stdout to the response. */
  private static final class FfmpegSink implements Sink {
    private final OutputStream out;
    private final List<String> output;
    private Process process;
    private Thread copier;
    private volatile IOException copyFailure;

    FfmpegSink(OutputStream out, List<String> output) {
      this.out = out;
      this.output = output;
    }

    @Override
    public void write(SpeechAudio piece) {
      try {
        if (process == null) {
          start(piece.sampleRate(), piece.channels());
        }
        process.getOutputStream().write(piece.toPcm16Bytes());
        process.getOutputStream().flush();
      } catch (IOException e) {
        throw new UncheckedIOException(copyFailure != null ? "the client closed the connection"
            : "ffmpeg stopped taking audio: " + e.getMessage(), e);
      }
    }

    private void start(int rate, int channels) throws IOException {
      List<String> command = new ArrayList<>(List.of(Audio.ffmpegExecutable(), "-hide_banner", "-loglevel",
          "error", "-f", "s16le", "-ar", Integer.toString(rate), "-ac", Integer.toString(channels), "-i", "pipe:0"));
      command.addAll(output);
      command.add("pipe:1");
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      copier = new Thread(() -> {
        try (InputStream encoded = process.getInputStream()) {
          byte[] buffer = new byte[16 * 1024];
          for (int n; (n = encoded.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (IOException e) {
          copyFailure = e;
          process.destroyForcibly();
        }
      }, "speech4j-ffmpeg-copier");
      copier.setDaemon(true);
      copier.start();
    }

    @Override
    public void finish() {
      if (process == null) {
        return;
      }
      try {
        process.getOutputStream().close();
        copier.join(TimeUnit.MINUTES.toMillis(1));
        if (copier.isAlive()) {
          process.destroyForcibly();
          copier.join(TimeUnit.SECONDS.toMillis(10));
          throw new UncheckedIOException(new IOException("ffmpeg's output did not reach the client within a minute"));
        }
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0 || copyFailure != null) {
          throw new UncheckedIOException(new IOException(copyFailure != null ? "the client closed the connection"
              : "ffmpeg failed to encode the audio"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new IOException("interrupted while ffmpeg encoded"));
      }
    }

    @Override
    public void close() {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  /** Whether the ffmpeg executable runs; asked once per executable. */
  private static boolean ffmpegPresent() {
    return FFMPEG_RUNS.computeIfAbsent(Audio.ffmpegExecutable(), AudioEncoder::runs);
  }

  private static boolean runs(String executable) {
    try {
      Process p = new ProcessBuilder(executable, "-version").redirectErrorStream(true).start();
      p.getInputStream().transferTo(OutputStream.nullOutputStream());
      boolean exited = p.waitFor(10, TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly();
      }
      return exited && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
