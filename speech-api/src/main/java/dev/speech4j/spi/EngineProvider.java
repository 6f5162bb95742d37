package dev.speech4j.spi;

/**
 * What every engine provider has: a stable name, a priority among engines of its kind, and an availability check.
 * Implement one of the sub-interfaces and register it with {@code provides} in {@code module-info.java} and in
 * {@code META-INF/services} for class-path users. Providers are created once and must be cheap to construct: no
 * native loading or network access before {@link #availability()} or a factory method is called.
 */
public interface EngineProvider {

  /** The stable name users select the engine by, e.g. {@code "whisper-cpp"}. */
  String name();

  /** Higher wins when the user names no engine. Pure-Java fallbacks use negative values. */
  default int priority() {
    return 0;
  }

  /** Whether the engine can run here; may load native code, so call it lazily. */
  Availability availability();
}
