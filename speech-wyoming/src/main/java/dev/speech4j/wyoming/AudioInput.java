package dev.speech4j.wyoming;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.audio.AudioPipe;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.PcmFormat;
import dev.speech4j.audio.SampleEncoding;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.vad.VadEvent;
import dev.speech4j.vad.VadSession;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One audio stream of a connection ({@code audio-start}, {@code audio-chunk}s, {@code audio-stop}): the client's
 * PCM, in whatever rate, width and channels it declared, converted on a worker thread by the library's mixer and
 * resampler to 16 kHz mono, kept for transcription (up to a limit) and fed to a VAD session when there is one,
 * which it then closes.
 */
final class AudioInput implements AutoCloseable {
  /** The rate everything is converted to: Whisper's, and Silero's. */
  static final int RATE = 16_000;
  private static final int PIPE_BYTES = 1 << 16;

  private final PcmFormat format;
  private final AudioPipe pipe;
  private final CompletableFuture<SpeechAudio> converted;
  private volatile boolean dropped;

  /** Starts converting a stream of {@code format}, kept up to {@code maxSeconds}; it closes {@code vad} at its end. */
  AudioInput(PcmFormat format, VadSession vad, Consumer<VadEvent> onVad, int maxSeconds, Executor executor) {
    this.format = format;
    this.pipe = AudioPipe.open(format, Math.max(PIPE_BYTES, format.frameBytes()));
    this.converted = CompletableFuture.supplyAsync(() -> convert(vad, onVad, maxSeconds * RATE), executor);
  }

  /**
   * The PCM layout Wyoming's {@code rate}, {@code width} (1 byte unsigned, 2 to 4 signed, little-endian) and
   * {@code channels} declare.
   *
   * @throws InvalidOptionsException if the format is not one Wyoming audio can have
   */
  static PcmFormat pcmFormat(int rate, int width, int channels) {
    if (rate < 1_000 || rate > 384_000 || channels < 1 || channels > 8 || width < 1 || width > 4) {
      throw new InvalidOptionsException("audio of " + rate + " Hz, " + width + "-byte samples and " + channels
          + " channels is not supported: rates 1000 to 384000 Hz, widths 1 to 4 bytes, 1 to 8 channels");
    }
    SampleEncoding encoding = switch (width) {
      case 1 -> SampleEncoding.PCM_U8;
      case 2 -> SampleEncoding.PCM_S16;
      case 3 -> SampleEncoding.PCM_S24;
      default -> SampleEncoding.PCM_S32;
    };
    return new PcmFormat(rate, channels, encoding, ByteOrder.LITTLE_ENDIAN);
  }

  /** The layout of the client's bytes. */
  PcmFormat format() {
    return format;
  }

  /**
   * Adds a chunk of the client's PCM.
   *
   * @throws RuntimeException the conversion's failure, if it stopped (audio too long, a stray byte count)
   */
  void write(byte[] pcm) {
    try {
      pipe.write(pcm, 0, pcm.length);
    } catch (IllegalStateException e) {
      result(); // the converter stopped and closed the pipe: this throws why
      throw e;
    }
  }

  /** Ends the stream: its audio at 16 kHz mono, once the VAD has seen it all. */
  SpeechAudio finish() {
    pipe.finish();
    return result();
  }

  /** Drops the stream: its conversion stops without further VAD events. */
  @Override
  public void close() {
    dropped = true;
    pipe.close();
  }

  private SpeechAudio convert(VadSession vad, Consumer<VadEvent> onVad, int maxSamples) {
    float[] samples = new float[RATE];
    int size = 0;
    float[] buffer = new float[512];
    try (AudioSource source = pipe.mono().resample(RATE)) {
      for (int n; (n = source.read(buffer)) > 0; ) {
        if (size + n > maxSamples) {
          throw new InvalidAudioException("the audio stream is longer than the " + maxSamples / RATE
              + " s this server keeps");
        }
        if (size + n > samples.length) {
          samples = Arrays.copyOf(samples, (int) Math.min(maxSamples, 2L * samples.length + n));
        }
        System.arraycopy(buffer, 0, samples, size, n);
        size += n;
        if (vad != null) {
          List<VadEvent> events = vad.push(buffer, 0, n);
          if (!dropped) {
            events.forEach(onVad);
          }
        }
      }
      if (vad != null && !dropped) {
        vad.finish().forEach(onVad);
      }
    } finally {
      pipe.close();
      if (vad != null) {
        vad.close();
      }
    }
    return SpeechAudio.of(Arrays.copyOf(samples, size), RATE);
  }

  private SpeechAudio result() {
    try {
      return converted.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("interrupted while converting audio", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }
}
