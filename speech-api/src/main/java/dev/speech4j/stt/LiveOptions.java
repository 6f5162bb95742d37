package dev.speech4j.stt;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.audio.PcmFormat;
import dev.speech4j.vad.VadOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LiveTranscription} listens: the layout of the PCM written to it, the decoding options, how often the
 * hypothesis is refreshed, and when an utterance ends.
 *
 * <p>Defaults: 16 kHz mono 16-bit PCM; {@link TranscriptionOptions#defaults()}; a partial every 1 s of audio; an
 * utterance ends after 0.8 s of silence or 30 s of speech; the buffer decoded is cut back at the last committed word
 * once it holds more than 15 s.
 */
public final class LiveOptions {
  private static final LiveOptions DEFAULTS = new Builder().build();

  private final PcmFormat format;
  private final TranscriptionOptions transcription;
  private final Duration partialInterval;
  private final Duration endpointSilence;
  private final Duration maxUtterance;
  private final Duration trimAfter;

  private LiveOptions(Builder b) {
    this.format = b.format;
    this.transcription = b.transcription;
    this.partialInterval = b.partialInterval;
    this.endpointSilence = b.endpointSilence;
    this.maxUtterance = b.maxUtterance;
    this.trimAfter = b.trimAfter;
  }

  public static LiveOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The layout of the bytes {@link LiveTranscription#write} takes. */
  public PcmFormat format() {
    return format;
  }

  /** What each decode runs with (word timestamps and the prompt are set by the session). */
  public TranscriptionOptions transcription() {
    return transcription;
  }

  /** Audio between two decodes of the growing utterance, so between two partials. */
  public Duration partialInterval() {
    return partialInterval;
  }

  /** Silence that ends an utterance. */
  public Duration endpointSilence() {
    return endpointSilence;
  }

  /** The longest utterance; a longer stretch of speech is cut there and goes on as the next one. */
  public Duration maxUtterance() {
    return maxUtterance;
  }

  /** Audio the decoded buffer holds before it is cut back at the last committed word. */
  public Duration trimAfter() {
    return trimAfter;
  }

  /** The VAD settings endpointing runs with: Silero's defaults, with this silence and maximum length. */
  public VadOptions vad() {
    return VadOptions.builder().minSilenceMs((int) endpointSilence.toMillis())
        .maxSpeechSeconds(maxUtterance.toMillis() / 1000.0).build();
  }

  /** Settings for {@link LiveOptions}; the defaults are those of the class description. */
  public static final class Builder {
    private PcmFormat format = PcmFormat.s16le(16_000, 1);
    private TranscriptionOptions transcription = TranscriptionOptions.defaults();
    private Duration partialInterval = Duration.ofSeconds(1);
    private Duration endpointSilence = Duration.ofMillis(800);
    private Duration maxUtterance = Duration.ofSeconds(30);
    private Duration trimAfter = Duration.ofSeconds(15);

    private Builder() {}

    public Builder format(PcmFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    public Builder transcription(TranscriptionOptions options) {
      this.transcription = Objects.requireNonNull(options, "options");
      return this;
    }

    /** @throws InvalidOptionsException unless between 100 ms and 1 hour (an hour: one decode per utterance) */
    public Builder partialInterval(Duration interval) {
      this.partialInterval = within("partialInterval", interval, Duration.ofMillis(100), Duration.ofHours(1));
      return this;
    }

    /** @throws InvalidOptionsException unless between 100 ms and 10 s */
    public Builder endpointSilence(Duration silence) {
      this.endpointSilence = within("endpointSilence", silence, Duration.ofMillis(100), Duration.ofSeconds(10));
      return this;
    }

    /** @throws InvalidOptionsException unless between 1 and 30 s (one Whisper window) */
    public Builder maxUtterance(Duration max) {
      this.maxUtterance = within("maxUtterance", max, Duration.ofSeconds(1), Duration.ofSeconds(30));
      return this;
    }

    /** @throws InvalidOptionsException unless between 2 and 30 s */
    public Builder trimAfter(Duration after) {
      this.trimAfter = within("trimAfter", after, Duration.ofSeconds(2), Duration.ofSeconds(30));
      return this;
    }

    public LiveOptions build() {
      return new LiveOptions(this);
    }

    private static Duration within(String name, Duration value, Duration min, Duration max) {
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new InvalidOptionsException(name + " must be between " + min.toMillis() + " and " + max.toMillis()
            + " ms, got " + value.toMillis() + " ms");
      }
      return value;
    }
  }
}
