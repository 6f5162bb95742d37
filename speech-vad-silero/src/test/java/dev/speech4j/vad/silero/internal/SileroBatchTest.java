package dev.speech4j.vad.silero.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.TestAudio;
import dev.speech4j.vad.BatchScorer;
import dev.speech4j.vad.FrameScorer;
import dev.speech4j.vad.VoiceActivityDetector;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Several streams in one model call score as each would alone. */
class SileroBatchTest {
  private static final int FRAME = 512;

  private static float[][] streams() {
    float[] jfk = Audio.read(SharedData.testdata("jfk.wav")).samples();
    float[] reading = Audio.read(
        SharedData.testdata("pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0870.wav")).samples();
    float[] noise = TestAudio.noise(jfk.length, -30, 3);
    return new float[][] {jfk, reading, noise};
  }

  private static float[] frame(float[] samples, int index) {
    return Arrays.copyOfRange(samples, index * FRAME, (index + 1) * FRAME);
  }

  @Test
  void aBatchScoresEachStreamAsASingleScorerWould() {
    float[][] audio = streams();
    int frames = 100;
    try (VoiceActivityDetector vad = Speech.vad("silero");
        BatchScorer batch = vad.newBatchScorer(audio.length)) {
      float[][] expected = new float[audio.length][frames];
      for (int s = 0; s < audio.length; s++) {
        try (FrameScorer single = vad.newScorer()) {
          for (int f = 0; f < frames; f++) {
            expected[s][f] = single.score(frame(audio[s], f));
          }
        }
      }
      float[] probabilities = new float[audio.length];
      float[][] frameSet = new float[audio.length][];
      for (int f = 0; f < frames; f++) {
        for (int s = 0; s < audio.length; s++) {
          frameSet[s] = frame(audio[s], f);
        }
        batch.score(frameSet, probabilities);
        for (int s = 0; s < audio.length; s++) {
          assertThat(probabilities[s]).as("stream %d frame %d", s, f).isCloseTo(expected[s][f], within(1e-4f));
        }
      }
      float loudest = 0;
      for (float p : expected[0]) {
        loudest = Math.max(loudest, p);
      }
      assertThat(loudest).as("jfk has speech").isGreaterThan(0.9f);
    }
  }

  @Test
  void aSkippedStreamKeepsItsStateAndAResetStreamStartsAgain() {
    float[][] audio = streams();
    try (VoiceActivityDetector vad = Speech.vad("silero");
        BatchScorer batch = vad.newBatchScorer(2);
        FrameScorer single = vad.newScorer()) {
      float[] probabilities = new float[2];
      for (int f = 0; f < 60; f++) {
        float[] jfkFrame = frame(audio[0], f);
        // stream 0 gets a frame only every other call; stream 1 always
        batch.score(new float[][] {f % 2 == 0 ? jfkFrame : null, frame(audio[1], f)}, probabilities);
        if (f % 2 == 0) {
          assertThat(probabilities[0]).isCloseTo(single.score(jfkFrame), within(1e-4f));
        } else {
          assertThat(probabilities[0]).isNaN();
        }
      }
      batch.reset(1);
      single.reset();
      batch.score(new float[][] {null, frame(audio[0], 0)}, probabilities);
      assertThat(probabilities[1]).isCloseTo(single.score(frame(audio[0], 0)), within(1e-4f));
      assertThatThrownBy(() -> batch.score(new float[][] {new float[10], null}, probabilities))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512");
      assertThatThrownBy(() -> batch.score(new float[1][], probabilities))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
