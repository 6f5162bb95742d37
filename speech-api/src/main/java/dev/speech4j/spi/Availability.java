package dev.speech4j.spi;

import java.util.Objects;

/**
 * Whether an engine can run here, and if not, why and how to fix it.
 *
 * @param available true when the engine can be created
 * @param reason empty when available; otherwise a human sentence such as "libespeak-ng not found: apt-get install
 *     libespeak-ng1"
 */
public record Availability(boolean available, String reason) {
  private static final Availability AVAILABLE = new Availability(true, "");

  public Availability {
    Objects.requireNonNull(reason, "reason");
    if (!available && reason.isBlank()) {
      throw new IllegalArgumentException("an unavailable engine must say why");
    }
  }

  public static Availability ok() {
    return AVAILABLE;
  }

  public static Availability unavailable(String reason) {
    return new Availability(false, reason);
  }
}
