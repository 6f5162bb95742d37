package dev.speech4j.engine.whispercpp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.audio.Audio;
import dev.speech4j.testing.SharedData;
import dev.speech4j.whisper.LogMel;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The engine's Java log-mel against the exporter's PyTorch {@code log_mel_spectrogram} of jfk.wav
 * ({@code reference/mel.f32}, [80, 3000]: openai/whisper's front end, the first 3000 frames of the log-mel of the
 * audio and 30 s of silence), frame by frame: over the audio's own frames, and over all 3000 for the language
 * detection window.
 */
class LogMelTest {

  @Test
  void jfkMatchesThePyTorchLogMel() throws IOException {
    Path ggml = WhisperModels.ggml("tiny-en");
    float[] reference = ParityTest.floats(ggml.resolveSibling("reference").resolve("mel.f32"));
    float[] samples = Audio.read(SharedData.testdata("jfk.wav")).samples();
    GgmlFile header = GgmlFile.read(ggml);

    float[] mel = new LogMel(header.melFilters(), 80).compute(samples, samples.length);

    int frames = LogMel.frames(samples.length);
    assertThat(frames).isEqualTo(1100);
    double worst = 0;
    for (int m = 0; m < 80; m++) {
      for (int t = 0; t < frames; t++) {
        worst = Math.max(worst, Math.abs(mel[m * frames + t] - reference[m * 3000 + t]));
      }
    }
    assertThat(worst).isLessThan(1e-4);
  }

  /** openai detects the language on pad_or_trim(mel): past the audio, the log-mel of silence, not zeros. */
  @Test
  void detectionWindowIsTheLogMelOfTheAudioAndSilence() throws IOException {
    Path ggml = WhisperModels.ggml("tiny-en");
    float[] reference = ParityTest.floats(ggml.resolveSibling("reference").resolve("mel.f32"));
    float[] samples = Audio.read(SharedData.testdata("jfk.wav")).samples();
    GgmlFile header = GgmlFile.read(ggml);

    float[] window = new LogMel(header.melFilters(), 80).detectionWindow(samples, samples.length);

    assertThat(window).hasSize(80 * 3000);
    double worst = 0;
    for (int i = 0; i < window.length; i++) {
      worst = Math.max(worst, Math.abs(window[i] - reference[i]));
    }
    assertThat(worst).isLessThan(1e-4);
    // past the audio: silence clamped at the maximum - 8, (1.46 - 8 + 4) / 4 = -0.54, where decoding pads with 0
    assertThat(window[2999]).isLessThan(-0.5f);
  }
}
