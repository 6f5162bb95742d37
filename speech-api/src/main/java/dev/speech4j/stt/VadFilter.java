package dev.speech4j.stt;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link TranscriptionOptions#vadFilter()} for any {@link Transcriber}: the main guard against Whisper
 * hallucinating text in silence. {@link dev.speech4j.Speech#transcriber} applies it to every engine it loads; wrap
 * a transcriber made some other way with {@link #wrap}.
 *
 * <p>With {@code vadFilter(true)} the audio is read whole at 16 kHz, the detector finds its speech with
 * {@link TranscriptionOptions#vadOptions()}, and only the speech, joined end to end, is transcribed (with
 * {@code vadFilter(false)}), as faster-whisper's {@code WhisperModel.transcribe} does; the engine's own 30 s
 * windows then run over the joined speech, each conditioned on the text before it. Every segment and word time is
 * mapped back onto the original audio (faster-whisper's {@code SpeechTimestampsMap}), and
 * {@link TranscriptionStream#durationAfterVad()} reports the seconds of speech kept. When no speech is found, no
 * segment is decoded and the language is the one given, or empty. Without {@code vadFilter} calls pass straight
 * through.
 */
public final class VadFilter implements Transcriber {
  private static final int RATE = 16_000;

  private final Transcriber transcriber;
  private final Supplier<? extends VoiceActivityDetector> vads;
  private VoiceActivityDetector vad;

  private VadFilter(Transcriber transcriber, Supplier<? extends VoiceActivityDetector> vads) {
    this.transcriber = Objects.requireNonNull(transcriber, "transcriber");
    this.vads = Objects.requireNonNull(vads, "vads");
  }

  /**
   * {@code transcriber} with {@code vadFilter} honoured. The detector comes from {@code vads} when first needed
   * and is closed with the returned transcriber, which also closes {@code transcriber}.
   *
   * <pre>{@code
   * Transcriber filtered = VadFilter.wrap(transcriber, Speech::vad);
   * }</pre>
   */
  public static Transcriber wrap(Transcriber transcriber, Supplier<? extends VoiceActivityDetector> vads) {
    return transcriber instanceof VadFilter ? transcriber : new VadFilter(transcriber, vads);
  }

  @Override
  public TranscriptionStream stream(AudioSource audio, TranscriptionOptions options) {
    if (!options.vadFilter()) {
      return transcriber.stream(audio, options);
    }
    if (!options.clipTimestamps().equals(List.of(0.0))) {
      audio.close();
      throw new InvalidOptionsException("vadFilter cannot be combined with clipTimestamps: choose one way to skip audio");
    }
    SpeechAudio whole;
    try (audio) {
      whole = audio.mono().resample(RATE).readAll();
    }
    List<SpeechSegment> speech = inAudio(detector().speechSegments(whole, options.vadOptions()), whole.frames());
    SpeechAudio kept = cut(whole, speech);
    if (kept.isEmpty()) {
      return new NoSpeech(options, whole.seconds());
    }
    TranscriptionOptions inner = options.toBuilder().vadFilter(false).build();
    return new Mapped(transcriber.stream(kept.asSource(), inner), options, whole.seconds(), kept.seconds(),
        new SpeechTimeline(speech, RATE));
  }

  private synchronized VoiceActivityDetector detector() {
    if (vad == null) {
      vad = Objects.requireNonNull(vads.get(), "the VAD supplier returned null");
    }
    return vad;
  }

  /** {@code segments} in samples at 16 kHz, whatever rate the detector counts in, within {@code frames}. */
  private static List<SpeechSegment> inAudio(List<SpeechSegment> segments, long frames) {
    List<SpeechSegment> out = new ArrayList<>(segments.size());
    for (SpeechSegment s : segments) {
      long start = Math.min(s.start() * RATE / s.sampleRate(), frames);
      out.add(new SpeechSegment(start, Math.min(s.end() * RATE / s.sampleRate(), frames), RATE));
    }
    return out;
  }

  /** The speech of {@code audio}, joined end to end. */
  private static SpeechAudio cut(SpeechAudio audio, List<SpeechSegment> speech) {
    List<SpeechAudio> pieces = new ArrayList<>(speech.size());
    for (SpeechSegment s : speech) {
      pieces.add(audio.slice((int) s.start(), (int) s.end()));
    }
    return SpeechAudio.concat(pieces, RATE);
  }

  @Override
  public BatchingStats batching() {
    return transcriber.batching();
  }

  @Override
  public synchronized void close() {
    try (transcriber) {
      if (vad != null) {
        vad.close();
      }
    }
  }

  /** The engine's stream over the kept speech, its times mapped back to the original audio. */
  private static final class Mapped implements TranscriptionStream {
    private final TranscriptionStream inner;
    private final TranscriptionInfo info;
    private final double keptSeconds;
    private final SpeechTimeline timeline;

    Mapped(TranscriptionStream inner, TranscriptionOptions options, double seconds, double keptSeconds,
        SpeechTimeline timeline) {
      this.inner = inner;
      TranscriptionInfo i = inner.info();
      TranscriptionOptions used = i.options().toBuilder().vadFilter(true).vadOptions(options.vadOptions()).build();
      this.info = new TranscriptionInfo(i.language(), i.languageProbability(), i.languageProbabilities(), seconds, used);
      this.keptSeconds = keptSeconds;
      this.timeline = timeline;
    }

    @Override
    public TranscriptionInfo info() {
      return info;
    }

    @Override
    public Stream<Segment> segments() {
      return inner.segments().map(timeline::original);
    }

    @Override
    public double durationAfterVad() {
      return keptSeconds;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /** Audio without speech: nothing to transcribe. */
  private record NoSpeech(TranscriptionInfo info) implements TranscriptionStream {
    NoSpeech(TranscriptionOptions options, double seconds) {
      this(new TranscriptionInfo(options.language() == null ? "" : options.language(),
          options.language() == null ? 0 : 1, Map.of(), seconds, options));
    }

    @Override
    public Stream<Segment> segments() {
      return Stream.empty();
    }

    @Override
    public double durationAfterVad() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
