package dev.speech4j.vad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.audio.SpeechAudio;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SpeechTimestamps}: framing and Silero's {@code get_speech_timestamps} semantics. Frames are 512 samples
 * at 16 kHz, so frame {@code i} starts at sample {@code 512 i}. The hand-derived cases follow the Python loop of
 * silero-vad v6.2.1 step by step (and were checked against it); defaults give pad 480, min speech 4000, min silence
 * 1600 and the 98 ms split silence 1568 samples.
 */
class SpeechTimestampsTest {

  private static List<SpeechSegment> segments(ReplayVad vad, int shortBy, VadOptions options) {
    return vad.speechSegments(SpeechAudio.of(vad.audio(shortBy), 16_000), options);
  }

  private static float[] pattern(Object... runs) {
    float[] p = new float[0];
    for (int i = 0; i < runs.length; i += 2) {
      int n = (Integer) runs[i + 1];
      float[] longer = java.util.Arrays.copyOf(p, p.length + n);
      java.util.Arrays.fill(longer, p.length, longer.length, ((Number) runs[i]).floatValue());
      p = longer;
    }
    return p;
  }

  @Test
  void oneUtterancePaddedBothSides() {
    // Speech in frames 3..22: start 3*512 = 1536. Frame 23 starts the silence (temp_end 11776); at frame 27 it has
    // lasted 4*512 = 2048 >= 1600, so the segment ends at 11776, and 11776-1536 > 4000 keeps it. Padding 480:
    // [1056, 12256), within the 33*512 = 16896 samples.
    ReplayVad vad = ReplayVad.of(pattern(0, 3, 1, 20, 0, 10));
    assertThat(segments(vad, 0, VadOptions.defaults())).containsExactly(new SpeechSegment(1056, 12256, 16_000));
  }

  @Test
  void closeSegmentsShareTheGapBetweenThem() {
    // Min silence 0 ends speech at the first silent frame; pad 100 ms = 1600. Raw segments: frames 2..11 ->
    // [1024, 6144) and 16..25 -> [8192, 13312), both 5120 > 4000. First start max(0, 1024-1600) = 0. The gap
    // 8192-6144 = 2048 < 2*1600, so each side takes 2048//2 = 1024: end 7168, start 7168. Last end
    // min(30*512 = 15360, 13312+1600) = 14912.
    ReplayVad vad = ReplayVad.of(pattern(0, 2, 1, 10, 0, 4, 1, 10, 0, 4));
    VadOptions options = VadOptions.builder().minSilenceMs(0).speechPadMs(100).build();
    assertThat(segments(vad, 0, options))
        .containsExactly(new SpeechSegment(0, 7168, 16_000), new SpeechSegment(7168, 14912, 16_000));
  }

  @Test
  void overlongSpeechIsCutAtItsLongestSilenceThenAtTheLimit() {
    // Max speech 1 s: 16000-512-2*480 = 14528; min silence 500 ms = 8000 never ends speech here. Trigger at frame 1
    // (512). Silence frames 11..14 (temp_end 5632) end when speech resumes at frame 15 (7680): 2048 > 1568, a
    // possible cut. At frame 30, 15360-512 > 14528: cut at 5632 -> [512, 5632); the rest starts at 5632+2048 = 7680.
    // Silence from frame 41 (20992) is still under 8000 at frame 44, where 22528-7680 > 14528 and no silence has
    // ended since the cut, so Silero cuts at that frame: [7680, 22528). Padding 480: [32, 6112) and
    // [7200, 23008) (the gap 2048 >= 960).
    ReplayVad vad = ReplayVad.of(pattern(0, 1, 1, 10, 0, 4, 1, 26, 0, 20));
    VadOptions options = VadOptions.builder().minSilenceMs(500).maxSpeechSeconds(1.0).build();
    assertThat(segments(vad, 0, options))
        .containsExactly(new SpeechSegment(32, 6112, 16_000), new SpeechSegment(7200, 23008, 16_000));
  }

  @Test
  void shortSpeechIsDroppedAndHysteresisFramesCountAsSpeech() {
    // Frames 2..6 (5 frames = 2560 <= 4000) are dropped. 0.4 lies between negThreshold 0.35 and threshold 0.5: it
    // starts nothing (frames 17..19) but does not end speech either: triggered at frame 20 (10240), the 0.4 frames
    // 23..28 keep it going until the 0.3 at frame 29 (14848); 14848-10240 = 4608 > 4000 keeps it. Speech from
    // frame 39 (19968) runs to the end of the audio, 51*512-100 = 26012. Padding: [9760, 15328) and [19488, 26012).
    ReplayVad vad = ReplayVad.of(pattern(0, 2, 1, 5, 0, 10, 0.4, 3, 1, 3, 0.4, 6, 0.3, 10, 1, 12));
    assertThat(segments(vad, 100, VadOptions.defaults()))
        .containsExactly(new SpeechSegment(9760, 15328, 16_000), new SpeechSegment(19488, 26012, 16_000));
  }

  @Test
  void speechAtTheEndIsKeptOnlyIfLongerThanMinSpeech() {
    // Speech from frame 2 (1024) to the end: 2*512+4000 = 5024 samples are not enough (> is strict), 5025 are.
    ReplayVad exact = ReplayVad.of(pattern(0, 2, 1, 8));
    assertThat(segments(exact, 10 * 512 - 5024, VadOptions.defaults())).isEmpty();
    ReplayVad longer = ReplayVad.of(pattern(0, 2, 1, 8));
    assertThat(segments(longer, 10 * 512 - 5025, VadOptions.defaults()))
        .containsExactly(new SpeechSegment(544, 5025, 16_000));
  }

  @Test
  void matchesSileroOnRandomProbabilitiesAndOptions() {
    Random random = new Random(20240611);
    for (int trial = 0; trial < 500; trial++) {
      VadOptions options = RandomCases.options(random);
      float[] probabilities = RandomCases.probabilities(random, 1 + random.nextInt(400));
      int shortBy = random.nextInt(512);
      ReplayVad vad = ReplayVad.of(probabilities);
      long length = probabilities.length * 512L - shortBy;
      assertThat(segments(vad, shortBy, options))
          .as("trial %d, %s", trial, options)
          .isEqualTo(SileroReference.segments(probabilities, length, options, 16_000, 512));
    }
  }

  @Test
  void probabilitiesScoreEveryFrameAndZeroPadTheLast() {
    ReplayVad vad = ReplayVad.of(0.1f, 0.2f, 0.3f);
    float[] audio = new float[2 * 512 + 10];
    java.util.Arrays.fill(audio, 0.5f);

    float[] probabilities = vad.speechProbabilities(SpeechAudio.of(audio, 16_000));

    assertThat(probabilities).containsExactly(0.1f, 0.2f, 0.3f);
    float[] last = vad.frames.get(2);
    assertThat(last[9]).isEqualTo(0.5f);
    assertThat(last[10]).isZero();
    assertThat(last[511]).isZero();
    assertThat(vad.scorersOpen).isZero();
  }

  @Test
  void emptyAudioHasNoFramesAndNoSpeech() {
    ReplayVad vad = ReplayVad.of();
    assertThat(vad.speechProbabilities(SpeechAudio.of(new float[0], 16_000))).isEmpty();
    assertThat(vad.speechSegments(SpeechAudio.of(new float[0], 16_000), VadOptions.defaults())).isEmpty();
    assertThat(vad.scorersOpen).isZero();
  }

  @Test
  void otherRatesCountInTheirOwnSamples() {
    // At 8 kHz with 256-sample frames (Silero's 8 kHz window), pad 30 ms = 240 and min speech 250 ms = 2000.
    // Speech in frames 2..11 -> [512, 3072), ended by 4 silent frames (1024 >= 800 samples); padded [272, 3312).
    ReplayVad vad = new ReplayVad(8_000, 256, pattern(0, 2, 1, 10, 0, 8));
    List<SpeechSegment> segments =
        vad.speechSegments(SpeechAudio.of(new float[20 * 256], 8_000), VadOptions.defaults());
    assertThat(segments).containsExactly(new SpeechSegment(272, 3312, 8_000));
  }

  @Test
  void stereoAudioIsMixedDownFirst() {
    ReplayVad vad = ReplayVad.of(1, 1);
    float[] stereo = new float[2 * 1024];
    for (int i = 0; i < 1024; i++) {
      stereo[2 * i] = 0.2f;
      stereo[2 * i + 1] = 0.4f;
    }
    vad.speechProbabilities(SpeechAudio.ofInterleaved(stereo, 16_000, 2));
    assertThat(vad.frames).hasSize(2);
    assertThat(vad.frames.get(1)[511]).isCloseTo(0.3f, org.assertj.core.data.Offset.offset(1e-6f));
  }
}
