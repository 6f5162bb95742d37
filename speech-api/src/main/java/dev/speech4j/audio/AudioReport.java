package dev.speech4j.audio;

/**
 * Measurements of a piece of audio.
 *
 * @param seconds length
 * @param peakDbfs largest absolute sample in dBFS; negative infinity for digital silence
 * @param rmsDbfs RMS level in dBFS; negative infinity for digital silence
 * @param silent whether the peak is below the silence threshold of the {@link AudioCheck} that made this report
 */
public record AudioReport(double seconds, double peakDbfs, double rmsDbfs, boolean silent) {

  static AudioReport of(SpeechAudio audio) {
    return AudioCheck.defaults().check(audio);
  }
}
