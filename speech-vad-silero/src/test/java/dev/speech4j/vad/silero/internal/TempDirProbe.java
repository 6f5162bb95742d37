package dev.speech4j.vad.silero.internal;

import ai.onnxruntime.OrtEnvironment;
import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VoiceActivityDetector;

/**
 * Run in a fresh JVM by {@link TempDirTest}: uses the engine (or, with argument {@code plain}, bare ONNX Runtime)
 * and prints what it found, so the test can look at the temp directory afterwards.
 */
public final class TempDirProbe {
  private TempDirProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("plain")) {
      System.out.println("ort " + OrtEnvironment.getEnvironment().getVersion());
      return;
    }
    float[] tone = new float[16_000];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (float) (0.1 * Math.sin(i * 0.1));
    }
    try (VoiceActivityDetector vad = Speech.vad("silero")) {
      System.out.println("segments " + vad.speechSegments(SpeechAudio.of(tone, 16_000), VadOptions.defaults()));
    }
  }
}
