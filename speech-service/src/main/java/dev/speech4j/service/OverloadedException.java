package dev.speech4j.service;

import dev.speech4j.SpeechException;
import java.time.Duration;

/** Every slot of a model is busy and its queue is full: try again after {@link #retryAfter()}. */
public class OverloadedException extends SpeechException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public OverloadedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /** A hint for when a slot may be free, e.g. for an HTTP {@code Retry-After}. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
