package dev.speech4j.spi;

import dev.speech4j.model.ModelRef;

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

  /**
   * Whether this engine can load {@code model}, told by the model's format (file magic, directory layout) without
   * loading it or native code. {@link dev.speech4j.Speech} asks it to choose an engine when none is named. An engine
   * that cannot tell answers true, and then its factory reports what is wrong.
   */
  default boolean canLoad(ModelRef model) {
    return true;
  }
}
