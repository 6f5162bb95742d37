package dev.speech4j.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.testing.TestAudio;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnergyVadTest {
  private static final int RATE = 16_000;
  /**
   * Where the speech in jfk.wav begins and ends, in seconds, read off its 10 ms RMS envelope (measured with numpy,
   * checked by {@link #jfkSpeechBoundariesAreWhereTheEnvelopeSaysSo}): before "And" the room tone stays under -38
   * dBFS; from 0.32 s the level rises, above -30 dBFS at 0.33 s. The last syllable ("-try" of "country") is above
   * -20 dBFS until 10.17 s and has decayed by 10.2 s; what follows stays at least 7 dB below it (room tone, -27 to
   * -42 dBFS) until the crowd's noise rises to -22 dBFS from 10.8 s, which is not speech.
   */
  private static final double JFK_SPEECH_START = 0.32;
  private static final double JFK_SPEECH_END = 10.2;

  private final EnergyVad vad = new EnergyVad();

  private static float[] concat(float[]... parts) {
    int length = 0;
    for (float[] part : parts) {
      length += part.length;
    }
    float[] all = new float[length];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static float[] add(float[] a, float[] b) {
    float[] sum = a.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += b[i];
    }
    return sum;
  }

  private static double tenMsLevel(float[] samples, double seconds) {
    int from = (int) Math.round(seconds * 100) * RATE / 100;
    return TestAudio.levelDb(samples, from, from + RATE / 100);
  }

  private List<SpeechSegment> segments(float[] samples) {
    return vad.speechSegments(SpeechAudio.of(samples, RATE), VadOptions.defaults());
  }

  @Test
  void jfkSpeechBoundariesAreWhereTheEnvelopeSaysSo() {
    float[] jfk = TestAudio.wav("jfk.wav").samples();
    for (double t = 0; t < JFK_SPEECH_START - 0.005; t += 0.01) {
      assertThat(tenMsLevel(jfk, t)).as("%.2f s", t).isLessThan(-38);
    }
    assertThat(tenMsLevel(jfk, JFK_SPEECH_START)).isGreaterThan(-38);
    assertThat(tenMsLevel(jfk, JFK_SPEECH_START + 0.01)).isGreaterThan(-30);
    assertThat(tenMsLevel(jfk, JFK_SPEECH_END - 0.04)).isGreaterThan(-20);
    for (double t = JFK_SPEECH_END; t < 10.8; t += 0.01) {
      assertThat(tenMsLevel(jfk, t)).as("%.2f s", t).isLessThan(-27);
    }
  }

  @Test
  void findsJfkSpeechInNoiseWithinAThirdOfASecond() {
    float[] jfk = TestAudio.wav("jfk.wav").samples();
    float[] padded = concat(new float[2 * RATE], jfk, new float[2 * RATE]);
    float[] noisy = add(padded, TestAudio.noise(padded.length, -50, 42));

    List<SpeechSegment> segments = segments(noisy);

    assertThat(segments).hasSizeGreaterThan(1);
    assertThat(segments.get(0).startSeconds()).isCloseTo(2 + JFK_SPEECH_START, within(0.3));
    assertThat(segments.get(segments.size() - 1).endSeconds()).isCloseTo(2 + JFK_SPEECH_END, within(0.3));
  }

  @ParameterizedTest
  @ValueSource(ints = {-50, -30, -20})
  void whiteNoiseIsNotSpeech(int dbfs) {
    float[] noise = TestAudio.noise(10 * RATE, dbfs, dbfs);
    assertThat(segments(noise)).isEmpty();
    assertThat(vad.speechSegments(SpeechAudio.of(noise, RATE), VadOptions.forTranscription())).isEmpty();
  }

  @Test
  void digitalSilenceIsNotSpeech() {
    float[] silence = new float[10 * RATE];
    assertThat(segments(silence)).isEmpty();
    assertThat(vad.speechProbabilities(SpeechAudio.of(silence, RATE))).containsOnly(0f);
  }

  @Test
  void quietSoundBelowTheGateIsNotSpeech() {
    // A tone at -65 dBFS RMS (-62 peak) after digital silence: far above the floor, but under the -58 dBFS gate.
    float[] tone = new float[3 * RATE];
    for (int i = RATE; i < 2 * RATE; i++) {
      tone[i] = (float) (Math.pow(10, -62 / 20.0) * Math.sin(2 * Math.PI * 440 * i / RATE));
    }
    assertThat(segments(tone)).isEmpty();
  }

  @Test
  void toneBurstInNoiseIsFoundWhereItIs() {
    float[] signal = TestAudio.noise(5 * RATE, -50, 1);
    for (int i = 2 * RATE; i < 3 * RATE; i++) {
      signal[i] += (float) (0.1 * Math.sin(2 * Math.PI * 440 * i / RATE));
    }
    List<SpeechSegment> segments = segments(signal);
    assertThat(segments).hasSize(1);
    assertThat(segments.get(0).startSeconds()).isCloseTo(2, within(0.07));
    // the 4-frame hangover (128 ms) and 30 ms of padding follow the burst
    assertThat(segments.get(0).endSeconds()).isCloseTo(3.16, within(0.07));
  }

  @Test
  void rumbleBelowOneHundredHertzIsIgnored() {
    // A 20 Hz burst 20 dB above the noise: the high-pass leaves it about 6 dB above, short of the 12 dB margin.
    float[] signal = TestAudio.noise(5 * RATE, -50, 2);
    for (int i = 2 * RATE; i < 3 * RATE; i++) {
      signal[i] += (float) (Math.pow(10, -27 / 20.0) * Math.sin(2 * Math.PI * 20 * i / RATE));
    }
    assertThat(segments(signal)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0870", "0880", "0890", "0920", "0930"})
  void librivoxReadingsAreSpeechFromNearTheStartToNearTheEnd(String clip) {
    SpeechAudio audio = TestAudio.wav("pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-" + clip
        + ".wav");
    List<SpeechSegment> segments = vad.speechSegments(audio, VadOptions.defaults());
    assertThat(segments).isNotEmpty();
    assertThat(segments.get(0).startSeconds()).isLessThan(1.0);
    assertThat(segments.get(segments.size() - 1).endSeconds()).isGreaterThan(audio.seconds() - 0.5);
    double speech = segments.stream().mapToDouble(SpeechSegment::seconds).sum();
    assertThat(speech / audio.seconds()).isGreaterThan(0.6);
  }

  @Test
  void scorerResetForgetsTheStream() {
    float[] noise = TestAudio.noise(512, -20, 5);
    float[] tone = new float[512];
    for (int i = 0; i < 512; i++) {
      tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / RATE));
    }
    try (FrameScorer scorer = vad.newScorer()) {
      float first = scorer.score(tone);
      scorer.score(new float[512]);
      scorer.score(noise);
      scorer.reset();
      assertThat(scorer.score(tone)).isEqualTo(first);
      assertThatThrownBy(() -> scorer.score(new float[100])).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("512");
    }
  }

  @Test
  void loadsAsTheEnergyEngine() {
    float[] jfk = TestAudio.wav("jfk.wav").samples();
    try (VoiceActivityDetector loaded = Speech.vad("energy")) {
      assertThat(loaded).isInstanceOf(EnergyVad.class);
      assertThat(loaded.sampleRate()).isEqualTo(16_000);
      assertThat(loaded.frameSize()).isEqualTo(512);
      assertThat(loaded.speechSegments(SpeechAudio.of(jfk, RATE), VadOptions.defaults())).isEqualTo(segments(jfk));
    }
  }

  /** Needs the band-limited resampler (dev.speech4j.audio.Resampler). */
  @Test
  @Tag("needs-resampler")
  void audioAtOtherRatesIsConvertedFirst() {
    float[] jfk = TestAudio.wav("jfk.wav").samples();
    float[] stereo48k = new float[jfk.length * 3 * 2];
    for (int i = 0; i < stereo48k.length / 2; i++) {
      float x = jfk[Math.min(i / 3, jfk.length - 1)];
      stereo48k[2 * i] = x;
      stereo48k[2 * i + 1] = x;
    }
    List<SpeechSegment> direct = segments(jfk);
    List<SpeechSegment> converted =
        vad.speechSegments(SpeechAudio.ofInterleaved(stereo48k, 48_000, 2), VadOptions.defaults());
    assertThat(converted).hasSameSizeAs(direct);
    for (int i = 0; i < direct.size(); i++) {
      assertThat(converted.get(i).sampleRate()).isEqualTo(RATE);
      assertThat(converted.get(i).startSeconds()).isCloseTo(direct.get(i).startSeconds(), within(0.07));
      assertThat(converted.get(i).endSeconds()).isCloseTo(direct.get(i).endSeconds(), within(0.07));
    }
  }
}
