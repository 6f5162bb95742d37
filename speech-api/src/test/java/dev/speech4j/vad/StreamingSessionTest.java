package dev.speech4j.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.testing.TestAudio;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamingSession}: whatever the chunking, its events describe exactly the segments of
 * {@link VoiceActivityDetector#speechSegments}, and each event comes out as soon as it is certain. Frames are 512
 * samples at 16 kHz; with the defaults, pad is 480, min speech 4000 and min silence 1600 samples.
 */
class StreamingSessionTest {
  private static final VadEvent.Type START = VadEvent.Type.SPEECH_START;
  private static final VadEvent.Type END = VadEvent.Type.SPEECH_END;

  /** Streams {@code audio} in random chunks (empty ones included) and pairs the events into segments. */
  private static List<SpeechSegment> stream(VoiceActivityDetector vad, float[] audio, VadOptions options,
      Random random) {
    List<VadEvent> events = new ArrayList<>();
    try (VadSession session = vad.openSession(options)) {
      for (int at = 0; at < audio.length; ) {
        int n = Math.min(audio.length - at, random.nextInt(random.nextBoolean() ? 600 : 5000));
        events.addAll(session.push(audio, at, n));
        at += n;
      }
      events.addAll(session.finish());
    }
    return pair(events, vad.sampleRate());
  }

  private static List<SpeechSegment> pair(List<VadEvent> events, int rate) {
    List<SpeechSegment> segments = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      VadEvent event = events.get(i);
      assertThat(event.type()).as("event %d of %s", i, events).isEqualTo(i % 2 == 0 ? START : END);
      assertThat(event.seconds()).isEqualTo((double) event.sample() / rate);
      if (i % 2 == 1) {
        segments.add(new SpeechSegment(events.get(i - 1).sample(), event.sample(), rate));
      }
    }
    assertThat(events.size() % 2).as("unpaired events %s", events).isZero();
    return segments;
  }

  /** Pushes one frame at a time; element {@code i} holds the events of frame {@code i}'s push, the last finish's. */
  private static List<List<VadEvent>> framewise(ReplayVad vad, VadOptions options) {
    float[] audio = vad.audio(0);
    List<List<VadEvent>> out = new ArrayList<>();
    try (VadSession session = vad.openSession(options)) {
      for (int at = 0; at < audio.length; at += 512) {
        out.add(session.push(audio, at, 512));
      }
      out.add(session.finish());
    }
    return out;
  }

  private static VadEvent event(VadEvent.Type type, long sample) {
    return new VadEvent(type, sample, sample / 16_000.0);
  }

  @Test
  void eventsMatchSileroOnRandomProbabilitiesOptionsAndChunks() {
    Random random = new Random(7);
    for (int trial = 0; trial < 400; trial++) {
      VadOptions options = RandomCases.options(random);
      float[] probabilities = RandomCases.probabilities(random, 1 + random.nextInt(400));
      ReplayVad vad = ReplayVad.of(probabilities);
      float[] audio = vad.audio(random.nextInt(512));
      assertThat(stream(vad, audio, options, random))
          .as("trial %d, %s", trial, options)
          .isEqualTo(SileroReference.segments(probabilities, audio.length, options, 16_000, 512));
    }
  }

  @Test
  void eventsMatchWholeFileSegmentsOnSyntheticUtterances() {
    // Utterances of rising, held and falling probability (as a model scores words), apart by short and long pauses.
    Random random = new Random(11);
    float[] p = new float[0];
    for (int word = 0; word < 60; word++) {
      int rise = 1 + random.nextInt(3);
      int hold = random.nextInt(30);
      int pause = random.nextInt(4) == 0 ? 20 + random.nextInt(60) : random.nextInt(8);
      float[] next = java.util.Arrays.copyOf(p, p.length + 2 * rise + hold + pause);
      for (int i = 0; i < rise; i++) {
        next[p.length + i] = 0.05f + 0.9f * (i + 1) / (rise + 1);
        next[p.length + rise + hold + i] = 0.95f - 0.9f * (i + 1) / (rise + 1);
      }
      java.util.Arrays.fill(next, p.length + rise, p.length + rise + hold, 0.97f);
      java.util.Arrays.fill(next, p.length + 2 * rise + hold, next.length, 0.02f);
      p = next;
    }
    for (VadOptions options : List.of(VadOptions.defaults(), VadOptions.forTranscription(),
        VadOptions.builder().maxSpeechSeconds(2).build(), VadOptions.builder().speechPadMs(200).build())) {
      ReplayVad vad = ReplayVad.of(p);
      float[] audio = vad.audio(37);
      List<SpeechSegment> whole = vad.speechSegments(SpeechAudio.of(audio, 16_000), options);
      assertThat(whole).as("%s", options).hasSizeGreaterThan(3);
      assertThat(stream(vad, audio, options, random)).as("%s", options).isEqualTo(whole);
    }
  }

  @Test
  void eventsMatchWholeFileSegmentsOnJfkWithTheEnergyDetector() {
    float[] jfk = TestAudio.wav("jfk.wav").samples();
    Random random = new Random(3);
    try (EnergyVad vad = new EnergyVad()) {
      for (VadOptions options : List.of(VadOptions.defaults(), VadOptions.forTranscription(),
          VadOptions.builder().maxSpeechSeconds(1.5).minSpeechMs(0).build())) {
        List<SpeechSegment> whole = vad.speechSegments(SpeechAudio.of(jfk, 16_000), options);
        assertThat(whole).as("%s", options).isNotEmpty();
        for (int run = 0; run < 3; run++) {
          assertThat(stream(vad, jfk, options, random)).as("%s", options).isEqualTo(whole);
        }
      }
    }
  }

  @Test
  void startComesOnceTheSegmentIsLongerThanMinSpeech() {
    // Speech from frame 3 (1536). After frame 10 the segment reaches 11*512 = 5632 samples at least, and
    // 5632-1536 > 4000; after frame 9 only 5120-1536 = 3584, so it could still be dropped.
    List<List<VadEvent>> events = framewise(ReplayVad.of(pattern(3, 20, 10)), VadOptions.defaults());
    assertThat(events.subList(0, 10)).allSatisfy(e -> assertThat(e).isEmpty());
    assertThat(events.get(10)).containsExactly(event(START, 1056));
  }

  @Test
  void endComesWhenTheSilenceIsLongEnough() {
    // Silence from frame 23 (11776) ends the segment at frame 27, where it has lasted 2048 >= 1600 samples; no
    // later speech can start within 2*480 of 11776 by then, so the padded end 12256 is final at once.
    List<List<VadEvent>> events = framewise(ReplayVad.of(pattern(3, 20, 40)), VadOptions.defaults());
    assertThat(events.subList(11, 27)).allSatisfy(e -> assertThat(e).isEmpty());
    assertThat(events.get(27)).containsExactly(event(END, 12256));
    assertThat(events.subList(28, events.size())).allSatisfy(e -> assertThat(e).isEmpty());
  }

  @Test
  void endWaitsUntilNoNeighbourCanShareThePadding() {
    // Pad 300 ms = 4800. The segment ends at 11776 (decided at frame 27), but speech starting before
    // 11776 + 2*4800 = 21376 would split the gap instead, so the end waits for frame 41, after which no frame can
    // start before 42*512 = 21504.
    VadOptions options = VadOptions.builder().speechPadMs(300).build();
    List<List<VadEvent>> events = framewise(ReplayVad.of(pattern(3, 20, 40)), options);
    assertThat(events.subList(11, 41)).allSatisfy(e -> assertThat(e).isEmpty());
    assertThat(events.get(41)).containsExactly(event(END, 11776 + 4800));
  }

  @Test
  void closeNeighboursSplitTheGapWhenTheSecondIsKept() {
    // Pad 300 ms: raw [1536, 11776) then speech again at frame 30 (15360), kept once it passes min speech after
    // frame 37 (38*512-15360 = 4096 > 4000). The gap 3584 < 9600 is shared: 11776+1792 = 13568 both ways.
    VadOptions options = VadOptions.builder().speechPadMs(300).build();
    List<List<VadEvent>> events = framewise(ReplayVad.of(pattern(3, 20, 7, 20, 30)), options);
    assertThat(events.subList(11, 37)).allSatisfy(e -> assertThat(e).isEmpty());
    assertThat(events.get(37)).containsExactly(event(END, 13568), event(START, 13568));
  }

  @Test
  void finishClosesOpenSpeechAtTheEndOfTheAudio() {
    ReplayVad vad = ReplayVad.of(pattern(2, 20, 0));
    float[] audio = vad.audio(100);
    try (VadSession session = vad.openSession(VadOptions.defaults())) {
      assertThat(session.push(audio)).containsExactly(event(START, 1024 - 480));
      assertThat(session.finish()).containsExactly(event(END, audio.length));
      assertThat(session.finish()).isEmpty();
      assertThatThrownBy(() -> session.push(audio)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("reset()");
    }
  }

  @Test
  void resetStartsAgainAtSampleZeroWithAFreshScorer() {
    ReplayVad vad = ReplayVad.of(pattern(3, 20, 10));
    float[] audio = vad.audio(0);
    try (VadSession session = vad.openSession(VadOptions.defaults())) {
      List<VadEvent> first = session.push(audio, 0, 7000);
      session.reset();
      assertThat(vad.resets).isEqualTo(1);
      List<VadEvent> again = new ArrayList<>(session.push(audio));
      again.addAll(session.finish());
      assertThat(first).containsExactly(event(START, 1056));
      assertThat(again).containsExactly(event(START, 1056), event(END, 12256));
    }
  }

  @Test
  void closeReleasesTheScorer() {
    ReplayVad vad = ReplayVad.of(0.9f);
    VadSession session = vad.openSession(VadOptions.defaults());
    assertThat(vad.scorersOpen).isEqualTo(1);
    assertThat(session.sampleRate()).isEqualTo(16_000);
    session.close();
    session.close();
    assertThat(vad.scorersOpen).isZero();
    assertThatThrownBy(() -> session.push(new float[10])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pushReadsOnlyTheGivenRange() {
    ReplayVad vad = ReplayVad.of(0.9f);
    float[] samples = new float[600];
    samples[50] = 0.5f;
    try (VadSession session = vad.openSession(VadOptions.defaults())) {
      session.push(samples, 50, 512);
      assertThatThrownBy(() -> session.push(samples, 500, 101)).isInstanceOf(IndexOutOfBoundsException.class);
    }
    assertThat(vad.frames).hasSize(1);
    assertThat(vad.frames.get(0)[0]).isEqualTo(0.5f);
  }

  /** Silence, speech and silence runs of the given lengths in frames. */
  private static float[] pattern(int... runs) {
    int frames = 0;
    for (int run : runs) {
      frames += run;
    }
    float[] p = new float[frames];
    for (int i = 0, at = 0; i < runs.length; at += runs[i++]) {
      java.util.Arrays.fill(p, at, at + runs[i], i % 2 == 1 ? 1f : 0f);
    }
    return p;
  }
}
