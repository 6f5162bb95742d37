package dev.speech4j.model;

import java.util.Optional;

/**
 * Finds a model by name. Found with {@link java.util.ServiceLoader} and asked in order of {@link #priority()};
 * {@link LocalModelResolver} is always asked last. A downloading resolver implements this same interface.
 */
public interface ModelResolver {

  /**
   * The local file or directory for {@code name}, if this resolver has it (or fetched it).
   *
   * @param name a validated name (see {@link ModelRef#named})
   * @param engine the engine asking, e.g. {@code "whisper-cpp"}
   */
  Optional<java.nio.file.Path> resolve(String name, String engine);

  /** Where this resolver looked, for "not found" messages, e.g. {@code "~/.cache/speech4j/models"}. */
  String describe();

  /** Higher is asked first. */
  default int priority() {
    return 0;
  }
}
