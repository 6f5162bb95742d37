package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.speech4j.audio.Audio;
import dev.speech4j.testing.SharedData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Log-mel parity with openai/whisper's {@code log_mel_spectrogram} on jfk.wav (fixture made by openai's code). */
class LogMelTest {

  @ParameterizedTest
  @ValueSource(ints = {80, 128})
  void matchesOpenAiWithinOneTenThousandth(int nMels) {
    JsonObject meta = JsonParser.parseString(TestFiles.fixtureText("whisper-mel/jfk-mel" + nMels + ".json")).getAsJsonObject();
    float[] expected = TestFiles.fixtureFloats("whisper-mel/jfk-mel" + nMels + ".f32");
    int stride = meta.get("frame_stride").getAsInt();
    int stored = meta.get("stored_frames").getAsInt();
    float[] audio = Audio.read(SharedData.testdata("jfk.wav")).samples();

    LogMel.Spectrogram mel = new LogMel(TestFiles.melFilters(nMels), nMels).compute(audio, LogMel.N_SAMPLES);

    assertThat(mel.frames()).isEqualTo(meta.get("frames").getAsInt());
    double maxDelta = 0;
    for (int m = 0; m < nMels; m++) {
      for (int i = 0; i < stored; i++) {
        double delta = Math.abs(mel.value(m, i * stride) - expected[m * stored + i]);
        maxDelta = Math.max(maxDelta, delta);
      }
    }
    assertThat(maxDelta).isLessThanOrEqualTo(1e-4);
    double sum = 0;
    for (int m = 0; m < nMels; m++) {
      for (int f = 0; f < mel.frames(); f++) {
        sum += mel.value(m, f);
      }
    }
    long values = (long) nMels * mel.frames();
    assertThat(sum / values).isCloseTo(meta.get("sum").getAsDouble() / values, within(1e-5));
  }

  /** The frames that see only padding are copied, not computed: they equal those of the zeros appended as audio. */
  @Test
  void paddingFramesEqualComputedOnes() {
    float[] audio = Audio.read(SharedData.testdata("jfk.wav")).samples();
    LogMel logMel = new LogMel(TestFiles.melFilters(80), 80);
    LogMel.Spectrogram padded = logMel.compute(audio, LogMel.N_SAMPLES);
    LogMel.Spectrogram computed = logMel.compute(Arrays.copyOf(audio, audio.length + LogMel.N_SAMPLES), 0);
    assertThat(padded.frames()).isEqualTo(computed.frames()).isEqualTo((audio.length + LogMel.N_SAMPLES) / 160);
    assertThat(padded.audioSamples()).isEqualTo(audio.length);
    for (int m = 0; m < 80; m++) {
      for (int f = 0; f < padded.frames(); f++) {
        assertThat(padded.value(m, f)).as("mel %d frame %d", m, f).isEqualTo(computed.value(m, f));
      }
    }
  }
}
