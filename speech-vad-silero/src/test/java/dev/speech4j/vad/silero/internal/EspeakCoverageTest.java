package dev.speech4j.vad.silero.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VoiceActivityDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic speech from espeak-ng (skipped where it is not installed) is found almost whole. */
class EspeakCoverageTest {
  private static final String TEXT = "The quick brown fox jumps over the lazy dog. Voice activity detection finds "
      + "the parts of a recording where somebody is talking, and leaves out the silence between sentences.";

  @Test
  void atLeastNinetyPercentOfTheSoundIsSpeech(@TempDir Path dir) throws Exception {
    Path wav = dir.resolve("espeak.wav");
    assumeTrue(espeak(wav), "espeak-ng is not installed (apt-get install espeak-ng)");
    SpeechAudio speech = Audio.read(wav).mono().resample(16_000);
    try (VoiceActivityDetector vad = Speech.vad("silero")) {
      List<SpeechSegment> segments = vad.speechSegments(speech, VadOptions.defaults());
      // "sound": 10 ms frames above -50 dBFS; espeak writes digital silence between phrases
      float[] x = speech.samples();
      int sound = 0;
      int covered = 0;
      for (int at = 0; at + 160 <= x.length; at += 160) {
        double energy = 0;
        for (int i = at; i < at + 160; i++) {
          energy += x[i] * x[i];
        }
        if (10 * Math.log10(energy / 160 + 1e-20) > -50) {
          sound++;
          int mid = at + 80;
          covered += segments.stream().anyMatch(s -> s.start() <= mid && mid < s.end()) ? 1 : 0;
        }
      }
      assertThat(sound).as("frames of sound").isGreaterThan(300);
      assertThat((double) covered / sound).as("share of sound inside %s", segments).isGreaterThanOrEqualTo(0.9);
    }
  }

  private static boolean espeak(Path wav) throws InterruptedException {
    try {
      Process p = new ProcessBuilder("espeak-ng", "-w", wav.toString(), TEXT).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
