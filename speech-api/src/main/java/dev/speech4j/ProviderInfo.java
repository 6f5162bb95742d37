package dev.speech4j;

import dev.speech4j.spi.Availability;

/**
 * An engine found on the class path or module path.
 *
 * @param kind what the engine does
 * @param name its stable name, e.g. {@code "whisper-cpp"}
 * @param priority its rank when no engine is named; higher wins
 * @param availability whether it can run here, and if not, why
 */
public record ProviderInfo(Kind kind, String name, int priority, Availability availability) {

  /** The three kinds of engine. */
  public enum Kind {
    TRANSCRIBER,
    SYNTHESIZER,
    VAD
  }
}
