package dev.speech4j.stt;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A finished transcription.
 *
 * @param language the language code given or detected, e.g. {@code "en"}
 * @param languageProbability the detection probability of {@code language}; 1 when it was given
 * @param duration seconds of audio read
 * @param durationAfterVad seconds left after the VAD filter removed non-speech; equal to duration without it
 * @param segments the segments in order
 */
public record Transcription(
    String language, double languageProbability, double duration, double durationAfterVad, List<Segment> segments) {

  public Transcription {
    Objects.requireNonNull(language, "language");
    segments = List.copyOf(segments);
  }

  /** The segments' text joined, without the whitespace around it (control characters the model wrote stay). */
  public String text() {
    return segments.stream().map(Segment::text).collect(Collectors.joining()).strip();
  }
}
