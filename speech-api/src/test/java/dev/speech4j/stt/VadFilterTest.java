package dev.speech4j.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.testing.SharedData;
import dev.speech4j.vad.FrameScorer;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VoiceActivityDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link VadFilter}: the engine sees only the speech, and its times land back on the original audio. */
class VadFilterTest {
  private static final int RATE = 16_000;
  /** Exactly the non-zero stretches of the audio, at 10 ms resolution. */
  private static final VadOptions EXACT = VadOptions.builder().minSpeechMs(0).minSilenceMs(100).speechPadMs(0).build();

  /** Audio of zeros with a burst of value {@code i + 1} over each {start, end} (in seconds) {@code i}. */
  private static float[] bursts(double seconds, double[][] spans) {
    float[] x = new float[(int) (seconds * RATE)];
    for (int i = 0; i < spans.length; i++) {
      for (int at = (int) (spans[i][0] * RATE); at < (int) (spans[i][1] * RATE); at++) {
        x[at] = 0.1f * (i + 1);
      }
    }
    return x;
  }

  @Test
  void theEngineGetsTheSpeechJoinedAndItsTimesMoveBackByTheSilenceCut() {
    double[][] speech = {{1.0, 3.0}, {8.0, 9.5}, {20.0, 22.5}};
    float[] audio = bursts(25, speech);
    Recorder engine = new Recorder();
    TranscriptionOptions options = TranscriptionOptions.builder().vadFilter(true).vadOptions(EXACT).build();
    Transcription result;
    try (Transcriber filtered = VadFilter.wrap(engine, MarkerVad::new)) {
      result = filtered.transcribe(SpeechAudio.of(audio, RATE), options);
    }
    // the engine heard 2 + 1.5 + 2.5 s: the three bursts back to back
    float[] heard = engine.heard.get(0).samples();
    assertThat(heard).hasSize(6 * RATE);
    assertThat(heard[0]).isEqualTo(0.1f);
    assertThat(heard[2 * RATE]).isEqualTo(0.2f);
    assertThat(heard[(int) (3.5 * RATE)]).isEqualTo(0.3f);
    assertThat(engine.options.get(0).vadFilter()).isFalse();
    assertThat(result.duration()).isEqualTo(25.0);
    assertThat(result.durationAfterVad()).isEqualTo(6.0);
    // second i of the joined speech: [i, i + 1] with words [i, i + 0.4] and [i + 0.5, i + 0.9]; each word moves
    // by the silence before the stretch holding its middle: 1 s, then 6 s from 2.0 s, then 16.5 s from 3.5 s
    double[][] shifts = {{1, 1}, {1, 1}, {6, 6}, {6, 16.5}, {16.5, 16.5}, {16.5, 16.5}};
    assertThat(result.segments()).hasSize(6);
    for (int i = 0; i < 6; i++) {
      Segment s = result.segments().get(i);
      assertThat(s.words()).extracting(Word::start).containsExactly(i + shifts[i][0], i + 0.5 + shifts[i][1]);
      assertThat(s.words()).extracting(Word::end).containsExactly(i + 0.4 + shifts[i][0], i + 0.9 + shifts[i][1]);
      assertThat(s.start()).isEqualTo(i + shifts[i][0]);
      assertThat(s.end()).isEqualTo(i + 0.9 + shifts[i][1]);
    }
  }

  @Test
  void withoutWordsASegmentEndAtAStretchEndStaysInThatStretch() {
    SpeechTimeline timeline = new SpeechTimeline(List.of(
        new dev.speech4j.vad.SpeechSegment(RATE, 3 * RATE, RATE),
        new dev.speech4j.vad.SpeechSegment(8 * RATE, 10 * RATE, RATE)), RATE);
    Segment s = new Segment(0, 0, 1.0, 2.0, " x", List.of(), 0, 0, 1, 0, List.of());
    Segment mapped = timeline.original(s);
    assertThat(mapped.start()).isEqualTo(2.0);
    assertThat(mapped.end()).isEqualTo(3.0); // the end of the first stretch, not the start of the second
    Segment next = timeline.original(new Segment(1, 0, 2.0, 3.5, " y", List.of(), 0, 0, 1, 0, List.of()));
    assertThat(next.start()).isEqualTo(8.0);
    assertThat(next.end()).isEqualTo(9.5);
  }

  /**
   * With the real detector (the energy VAD here) and faster-whisper's defaults: inserting 4 s more silence into a
   * long pause leaves what the engine hears unchanged, and moves every time after the pause by exactly 4 s.
   */
  @Test
  void insertingSilenceShiftsTheLaterTimesByExactlyThatMuch() {
    SpeechAudio jfk = Audio.read(SharedData.testdata("jfk.wav"));
    SpeechAudio shortPause = join(jfk, SpeechAudio.silence(Duration.ofMillis(6144), RATE, 1), jfk);
    SpeechAudio longPause = join(jfk, SpeechAudio.silence(Duration.ofMillis(6144 + 4096), RATE, 1), jfk);
    Recorder engine = new Recorder();
    TranscriptionOptions options = TranscriptionOptions.builder().vadFilter(true).wordTimestamps(true).build();
    List<Segment> first;
    List<Segment> second;
    try (Transcriber filtered = VadFilter.wrap(engine, Speech::vad)) {
      first = filtered.transcribe(shortPause, options).segments();
      second = filtered.transcribe(longPause, options).segments();
    }
    assertThat(engine.heard.get(1)).isEqualTo(engine.heard.get(0));
    assertThat(engine.heard.get(0).seconds()).isLessThan(shortPause.seconds() - 5);
    assertThat(second).hasSameSizeAs(first);
    double pauseEnds = jfk.seconds() + 6.144;
    int moved = 0;
    for (int i = 0; i < first.size(); i++) {
      for (int w = 0; w < first.get(i).words().size(); w++) {
        Word before = first.get(i).words().get(w);
        Word after = second.get(i).words().get(w);
        double shift = before.start() >= pauseEnds - 0.5 ? 4.096 : 0;
        moved += shift > 0 ? 1 : 0;
        assertThat(after.start()).isCloseTo(before.start() + shift, within(1e-9));
        assertThat(after.end()).isCloseTo(before.end() + shift, within(1e-9));
      }
    }
    assertThat(moved).isGreaterThan(10);
  }

  private static SpeechAudio join(SpeechAudio... pieces) {
    return SpeechAudio.concat(List.of(pieces), RATE);
  }

  @Test
  void withoutTheFilterTheEngineHearsEverything() {
    Recorder engine = new Recorder();
    SpeechAudio audio = SpeechAudio.of(bursts(4, new double[][] {{1, 2}}), RATE);
    try (Transcriber filtered = VadFilter.wrap(engine, MarkerVad::new)) {
      Transcription t = filtered.transcribe(audio, TranscriptionOptions.defaults());
      assertThat(t.segments()).hasSize(4);
    }
    assertThat(engine.heard).containsExactly(audio);
  }

  @Test
  void silenceIsNeverTranscribed() {
    Recorder engine = new Recorder();
    TranscriptionOptions options = TranscriptionOptions.builder().vadFilter(true).language("de").build();
    try (Transcriber filtered = VadFilter.wrap(engine, MarkerVad::new)) {
      Transcription t = filtered.transcribe(SpeechAudio.silence(Duration.ofSeconds(3), RATE, 1), options);
      assertThat(t.segments()).isEmpty();
      assertThat(t.language()).isEqualTo("de");
      assertThat(t.duration()).isEqualTo(3.0);
      assertThat(t.durationAfterVad()).isZero();
    }
    assertThat(engine.heard).isEmpty();
  }

  @Test
  void clipTimestampsAndTheFilterDoNotMix() {
    TranscriptionOptions options = TranscriptionOptions.builder().vadFilter(true).clipTimestamps(List.of(1.0)).build();
    try (Transcriber filtered = VadFilter.wrap(new Recorder(), MarkerVad::new)) {
      assertThatThrownBy(() -> filtered.transcribe(SpeechAudio.silence(Duration.ofSeconds(2), RATE, 1), options))
          .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("clipTimestamps");
    }
  }

  /** The facade applies the filter to every engine: the counting fake then counts only seconds of speech. */
  @Test
  void theFacadeFiltersAnyEngine() {
    SpeechAudio silence = SpeechAudio.silence(Duration.ofSeconds(4), RATE, 1);
    SpeechAudio audio = join(silence, Audio.read(SharedData.testdata("jfk.wav")), silence);
    try (Transcriber t = Speech.transcriber("counting", ModelRef.named("tiny"))) {
      assertThat(t).isInstanceOf(VadFilter.class);
      assertThat(t.transcribe(audio, TranscriptionOptions.defaults()).segments()).hasSize(19);
      Transcription filtered = t.transcribe(audio, TranscriptionOptions.builder().vadFilter(true).build());
      assertThat(filtered.durationAfterVad()).isBetween(9.0, 12.0);
      assertThat(filtered.segments()).hasSizeBetween(9, 12).first().satisfies(s -> assertThat(s.start()).isGreaterThan(3.5));
    }
  }

  /** Records what it hears; reports second {@code i} as a segment with two words. */
  private static final class Recorder implements Transcriber {
    final List<SpeechAudio> heard = new ArrayList<>();
    final List<TranscriptionOptions> options = new ArrayList<>();

    @Override
    public TranscriptionStream stream(AudioSource audio, TranscriptionOptions options) {
      SpeechAudio all;
      try (audio) {
        all = audio.readAll();
      }
      heard.add(all);
      this.options.add(options);
      List<Segment> seconds = Stream.iterate(0, i -> i + 1).limit((long) all.seconds()).map(i -> new Segment(i, 0, i,
          i + 1, " second " + i, List.of(), 0, 0, 1, 0,
          List.of(new Word(i, i + 0.4, " a", 1), new Word(i + 0.5, i + 0.9, " b", 1)))).toList();
      return new Fixed(new TranscriptionInfo("en", 1, Map.of(), all.seconds(), options), seconds, all.seconds());
    }

    @Override
    public void close() {}
  }

  /** A transcription decoded in advance. */
  private record Fixed(TranscriptionInfo info, List<Segment> list, double durationAfterVad)
      implements TranscriptionStream {
    @Override
    public Stream<Segment> segments() {
      return list.stream();
    }

    @Override
    public void close() {}
  }

  /** A detector that scores a 10 ms frame 1 when any sample is non-zero, else 0. */
  private static final class MarkerVad implements VoiceActivityDetector {
    @Override
    public int sampleRate() {
      return RATE;
    }

    @Override
    public int frameSize() {
      return 160;
    }

    @Override
    public FrameScorer newScorer() {
      return new FrameScorer() {
        @Override
        public float score(float[] frame) {
          for (float x : frame) {
            if (x != 0) {
              return 0.99f;
            }
          }
          return 0;
        }

        @Override
        public void reset() {}
      };
    }

    @Override
    public void close() {}
  }
}
