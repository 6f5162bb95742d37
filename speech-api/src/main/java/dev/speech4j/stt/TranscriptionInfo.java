package dev.speech4j.stt;

import java.util.Map;
import java.util.Objects;

/**
 * What is known about a transcription before its segments are decoded.
 *
 * @param language the language code given or detected
 * @param languageProbability the detection probability of {@code language}; 1 when it was given
 * @param languageProbabilities every language's detection probability; empty when the language was given
 * @param duration seconds of audio, or NaN when the source does not declare its length
 * @param options the options in effect, after engine defaults were applied
 */
public record TranscriptionInfo(
    String language,
    double languageProbability,
    Map<String, Double> languageProbabilities,
    double duration,
    TranscriptionOptions options) {

  public TranscriptionInfo {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(options, "options");
    languageProbabilities = Map.copyOf(languageProbabilities);
  }
}
