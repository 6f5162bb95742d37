package dev.speech4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.InvalidOptionsException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {

  @ParameterizedTest
  @CsvSource({
      "44100, 16000, 44100", "44100, 16000, 1", "44100, 16000, 7", "44100, 16000, 12345",
      "16000, 8000, 16001", "8000, 16000, 8001", "22050, 16000, 22051", "48000, 16000, 47999",
      "16000, 44100, 3333", "11025, 16001, 11024", "16001, 11025, 5"})
  void outputHasTheScaledLength(int from, int to, int frames) {
    long expected = Math.round((double) frames * to / from);
    AudioSource resampled = SpeechAudio.of(new float[frames], from).asSource().resample(to);

    assertThat(resampled.frameCount()).isEqualTo(expected);
    SpeechAudio out = resampled.readAll();
    assertThat(out.frames()).isEqualTo(expected);
    assertThat(out.sampleRate()).isEqualTo(to);
    assertThat(out.seconds()).isCloseTo((double) frames / from, within(0.5 / to));
  }

  @ParameterizedTest
  @CsvSource({"44100, 16000", "16000, 8000", "8000, 16000", "22050, 16000", "11025, 16001", "16000, 44100"})
  void dcPassesWithUnityGain(int from, int to) {
    float[] dc = new float[from];
    Arrays.fill(dc, 0.5f);
    float[] out = SpeechAudio.of(dc, from).resample(to).samples();

    // away from the edges, where the zero padding outside the signal is within the filter's reach
    for (int i = to / 10; i < out.length - to / 10; i++) {
      assertThat(out[i]).as("sample %d", i).isCloseTo(0.5f, within(1e-5f));
    }
  }

  @ParameterizedTest
  @CsvSource({
      "44100, 16000, 0.05", "44100, 16000, 0.3", "44100, 16000, 0.6", "44100, 16000, 0.85", "44100, 16000, 0.9",
      "16000, 8000, 0.5", "16000, 8000, 0.9", "22050, 16000, 0.9", "8000, 16000, 0.2", "8000, 16000, 0.9",
      "16000, 44100, 0.7", "11025, 16001, 0.5", "11025, 16001, 0.9", "48000, 16000, 0.75"})
  void passbandToneKeepsAmplitudeAndPhase(int from, int to, double fractionOfNyquist) {
    double frequency = fractionOfNyquist * Math.min(from, to) / 2;
    float[] in = Signals.tone(frequency, 0.5, from, from);
    float[] out = SpeechAudio.of(in, from).resample(to).samples();
    float[] ideal = Signals.tone(frequency, 0.5, to, out.length);

    int start = to / 20;
    int end = out.length - start;
    double gainDb = 20 * Math.log10(Signals.rms(out, start, end) / Signals.rms(ideal, start, end));
    assertThat(gainDb).isCloseTo(0, within(0.1));
    // the same instants as the ideal tone: zero phase, no delay
    assertThat(Signals.snrDb(out, ideal, start, end)).isGreaterThan(90);
  }

  @ParameterizedTest
  @CsvSource({
      "44100, 16000, 8000", "44100, 16000, 8800", "44100, 16000, 12000", "44100, 16000, 20000",
      "16000, 8000, 4100", "16000, 8000, 7000", "22050, 16000, 9000", "48000, 16000, 23000"})
  void toneAboveTheNewNyquistIsRemoved(int from, int to, double frequency) {
    float[] in = Signals.tone(frequency, 0.5, from, from);
    float[] out = SpeechAudio.of(in, from).resample(to).samples();

    int edge = to / 20;
    double attenuationDb = 20 * Math.log10(Signals.rms(out, edge, out.length - edge) / (0.5 / Math.sqrt(2)));
    assertThat(attenuationDb).isLessThan(-60);
  }

  @ParameterizedTest
  @CsvSource({"44100, 16000", "8000, 16000", "11025, 16001", "48000, 8000"})
  void streamingGivesTheSameOutputForAnyBufferSizes(int from, int to) {
    SpeechAudio in = SpeechAudio.ofInterleaved(Signals.chirp(20, 3000, 0.5, from, 2 * from), from, 2);
    float[] whole = new float[in.frames() * 2 * to / from + 16];
    AudioSource once = in.asSource().resample(to);
    int frames = once.read(whole);
    assertThat(once.read(whole)).isEqualTo(-1);
    float[] expected = Arrays.copyOf(whole, frames * 2);

    for (int readSize : new int[] {1, 3, 7, 1000}) {
      for (int sourceSize : new int[] {1, 5, 333, 4097}) {
        assertThat(readInPieces(Signals.trickle(in, sourceSize).resample(to), readSize))
            .as("reads of %d frames from a source yielding %d", readSize, sourceSize)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void channelsStaySeparate() {
    int from = 44100;
    float[] left = Signals.tone(440, 0.5, from, from / 2);
    float[] right = Signals.chirp(50, 5000, 0.3, from, from / 2);
    float[] stereo = new float[left.length * 2];
    for (int i = 0; i < left.length; i++) {
      stereo[2 * i] = left[i];
      stereo[2 * i + 1] = right[i];
    }

    SpeechAudio out = SpeechAudio.ofInterleaved(stereo, from, 2).resample(16000);

    assertThat(out.channels()).isEqualTo(2);
    assertThat(out.channel(0).samples()).isEqualTo(SpeechAudio.of(left, from).resample(16000).samples());
    assertThat(out.channel(1).samples()).isEqualTo(SpeechAudio.of(right, from).resample(16000).samples());
  }

  @Test
  void emptyInputGivesEmptyOutput() {
    AudioSource resampled = SpeechAudio.of(new float[0], 44100).asSource().resample(16000);

    assertThat(resampled.frameCount()).isZero();
    assertThat(resampled.read(new float[64])).isEqualTo(-1);
    assertThat(SpeechAudio.of(new float[0], 8000).resample(16000).isEmpty()).isTrue();
  }

  @Test
  void unknownLengthStaysUnknown() {
    SpeechAudio in = SpeechAudio.of(new float[100], 16000);
    AudioSource resampled = Signals.trickle(in, 10).resample(8000);

    assertThat(resampled.frameCount()).isEqualTo(-1);
    assertThat(resampled.sampleRate()).isEqualTo(8000);
    assertThat(resampled.description()).contains("resampled to 8000 Hz");
    assertThat(resampled.readAll().frames()).isEqualTo(50);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, -16000})
  void nonPositiveRateIsRejected(int rate) {
    AudioSource source = SpeechAudio.of(new float[10], 16000).asSource();

    assertThatThrownBy(() -> source.resample(rate))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining(String.valueOf(rate));
  }

  @Test
  void extremeRatioIsRejectedBeforeAllocating() {
    AudioSource source = SpeechAudio.of(new float[10], 192_000).asSource();

    assertThatThrownBy(() -> source.resample(1))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("in steps");
  }

  @Test
  void tooManyChannelsAreRejectedBeforeAllocating() {
    AudioSource source = SpeechAudio.ofInterleaved(new float[1000], 44100, 1000).asSource();

    assertThatThrownBy(() -> source.resample(16000))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("1000 channels")
        .hasMessageContaining("downmix");
    assertThat(source.mono().resample(16000).readAll().frames()).isEqualTo(0);
  }

  @Test
  void bufferTooSmallForOneFrameIsRejected() {
    AudioSource source = SpeechAudio.ofInterleaved(new float[20], 16000, 2).asSource().resample(8000);

    assertThatThrownBy(() -> source.read(new float[1])).isInstanceOf(IllegalArgumentException.class);
  }

  private static float[] readInPieces(AudioSource source, int frames) {
    float[] buffer = new float[frames * source.channels()];
    float[] all = new float[1024];
    int size = 0;
    for (int n; (n = source.read(buffer)) > 0; ) {
      if (size + n * source.channels() > all.length) {
        all = Arrays.copyOf(all, 2 * all.length + n * source.channels());
      }
      System.arraycopy(buffer, 0, all, size, n * source.channels());
      size += n * source.channels();
    }
    return Arrays.copyOf(all, size);
  }
}
