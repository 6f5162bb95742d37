package dev.speech4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidOptionsException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConversionsTest {
  private static final SpeechAudio STEREO = SpeechAudio.ofInterleaved(
      new float[] {0.2f, 0.4f, -1f, 1f, 0.5f, -0.25f}, 16000, 2);

  @Test
  void downmixAveragesTheChannels() {
    assertThat(STEREO.mono().samples()).containsExactly(0.3f, 0f, 0.125f);
    SpeechAudio threeChannels = SpeechAudio.ofInterleaved(new float[] {0.3f, 0.6f, 0.9f}, 8000, 3);
    assertThat(threeChannels.mono().samples()).containsExactly(0.6f);
    assertThat(threeChannels.mono().sampleRate()).isEqualTo(8000);
  }

  @Test
  void monoAudioIsAlreadyMono() {
    SpeechAudio mono = SpeechAudio.of(new float[] {0.1f, 0.2f}, 16000);
    assertThat(mono.mono()).isSameAs(mono);
    AudioSource source = mono.asSource();
    assertThat(source.mono()).isSameAs(source);
  }

  @Test
  void channelPicksOneChannel() {
    assertThat(STEREO.channel(0).samples()).containsExactly(0.2f, -1f, 0.5f);
    assertThat(STEREO.channel(1).samples()).containsExactly(0.4f, 1f, -0.25f);
    assertThat(STEREO.channel(1).channels()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 2, 99})
  void missingChannelIsRejected(int index) {
    assertThatThrownBy(() -> STEREO.channel(index))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("channel " + index)
        .hasMessageContaining("has 2");
    assertThatThrownBy(() -> STEREO.asSource().channel(index)).isInstanceOf(InvalidOptionsException.class);
  }

  @Test
  void streamingDownmixAndPickMatchTheInMemoryVersions() {
    float[] interleaved = Signals.chirp(30, 4000, 0.8, 16000, 3 * 4001);
    SpeechAudio audio = SpeechAudio.ofInterleaved(interleaved, 16000, 3);

    for (int sourceFrames : new int[] {1, 7, 1000, 100_000}) {
      assertThat(Signals.trickle(audio, sourceFrames).mono().readAll()).isEqualTo(audio.mono());
      for (int c = 0; c < 3; c++) {
        assertThat(Signals.trickle(audio, sourceFrames).channel(c).readAll()).isEqualTo(audio.channel(c));
      }
    }
    AudioSource mono = audio.asSource().mono();
    assertThat(mono.channels()).isEqualTo(1);
    assertThat(mono.frameCount()).isEqualTo(4001);
    assertThat(mono.description()).contains("mono");
  }

  @Test
  void peakNormalisationReachesTheTarget() {
    SpeechAudio quiet = SpeechAudio.of(Signals.tone(440, 0.1, 16000, 1600), 16000);

    SpeechAudio louder = quiet.normalizePeak(-6);

    assertThat(Loudness.peak(louder.samples())).isCloseTo(Math.pow(10, -6 / 20.0), within(1e-6));
    assertThat(louder.frames()).isEqualTo(quiet.frames());
  }

  @Test
  void rmsNormalisationReachesTheTargetAndClips() {
    SpeechAudio tone = SpeechAudio.of(Signals.tone(440, 0.1, 16000, 16000), 16000);
    assertThat(Loudness.rms(tone.normalizeRms(-20).samples())).isCloseTo(0.1, within(1e-5));

    // a sparse click train has a high crest factor: reaching -3 dBFS RMS must clip the clicks to full scale
    float[] clicks = new float[1000];
    for (int i = 0; i < clicks.length; i += 100) {
      clicks[i] = 0.1f;
    }
    float[] loud = SpeechAudio.of(clicks, 16000).normalizeRms(-3).samples();
    assertThat(loud[0]).isEqualTo(1f);
    assertThat(Loudness.peak(loud)).isEqualTo(1.0);
  }

  @Test
  void silenceStaysSilentWhenNormalised() {
    SpeechAudio silence = SpeechAudio.silence(Duration.ofMillis(200), 16000, 1);

    assertThat(silence.normalizePeak(-1).samples()).containsOnly(0f);
    assertThat(silence.normalizeRms(-20).samples()).containsOnly(0f);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 6, Double.NaN, Double.POSITIVE_INFINITY})
  void targetAboveFullScaleIsRejected(double dbfs) {
    SpeechAudio tone = SpeechAudio.of(Signals.tone(440, 0.1, 16000, 1600), 16000);

    assertThatThrownBy(() -> tone.normalizePeak(dbfs)).isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("<= 0");
    assertThatThrownBy(() -> tone.normalizeRms(dbfs)).isInstanceOf(InvalidOptionsException.class);
  }

  @Test
  void pcm16RoundTripsExactly() {
    short[] every = new short[65536];
    for (int i = 0; i < every.length; i++) {
      every[i] = (short) (i - 32768);
    }

    SpeechAudio audio = SpeechAudio.ofPcm16(every, 16000, 1);

    assertThat(audio.sample(0, 0)).isEqualTo(-1f);
    assertThat(audio.sample(32768, 0)).isEqualTo(0f);
    assertThat(audio.toPcm16()).containsExactly(every);
  }

  @Test
  void pcm16ClipsOutOfRangeSamples() {
    SpeechAudio audio = SpeechAudio.of(new float[] {1f, -1f, 2.5f, -7f, 0.5f, -0.5f, 1e-6f}, 16000);

    assertThat(audio.toPcm16()).containsExactly((short) 32767, (short) -32768, (short) 32767, (short) -32768,
        (short) 16384, (short) -16384, (short) 0);
  }

  @Test
  void emptyAudioFailsTheCheck() {
    assertThatThrownBy(() -> AudioCheck.defaults().check(SpeechAudio.of(new float[0], 16000)))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void tooShortAudioFailsTheCheckNamingTheMinimum() {
    SpeechAudio shortTone = SpeechAudio.of(Signals.tone(440, 0.5, 16000, 800), 16000);

    assertThatThrownBy(() -> AudioCheck.defaults().check(shortTone))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("0.050 s")
        .hasMessageContaining("minimum 0.100 s");
    assertThat(AudioCheck.defaults().withMinDuration(Duration.ofMillis(50)).check(shortTone).silent()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void nonFiniteSampleFailsTheCheck(float bad) {
    float[] samples = new float[2 * 3200];
    samples[2 * 1601 + 1] = bad;

    assertThatThrownBy(() -> AudioCheck.defaults().check(SpeechAudio.ofInterleaved(samples, 16000, 2)))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("frame 1601, channel 1")
        .hasMessageContaining("not a finite number");
  }

  @Test
  void silenceIsFlaggedNotRejected() {
    AudioReport silent = AudioCheck.defaults().check(SpeechAudio.silence(Duration.ofSeconds(1), 16000, 1));
    assertThat(silent.silent()).isTrue();
    assertThat(silent.peakDbfs()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(silent.seconds()).isEqualTo(1.0);

    float[] hum = Signals.tone(50, 0.0005, 16000, 16000); // peak -66 dBFS
    assertThat(AudioCheck.defaults().check(SpeechAudio.of(hum, 16000)).silent()).isTrue();

    AudioReport tone = SpeechAudio.of(Signals.tone(440, 0.5, 16000, 16000), 16000).report();
    assertThat(tone.silent()).isFalse();
    assertThat(tone.peakDbfs()).isCloseTo(-6.02, within(0.01));
    assertThat(tone.rmsDbfs()).isCloseTo(-9.03, within(0.01));
  }

  @Test
  void checkOptionsAreValidated() {
    assertThatThrownBy(() -> AudioCheck.defaults().withMinDuration(Duration.ofMillis(-1)))
        .isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> AudioCheck.defaults().withSilenceThreshold(3))
        .isInstanceOf(InvalidOptionsException.class);
    float[] one = new float[1];
    Arrays.fill(one, 0.5f);
    assertThat(AudioCheck.defaults().withMinDuration(Duration.ZERO).check(SpeechAudio.of(one, 16000)).silent())
        .isFalse();
  }
}
