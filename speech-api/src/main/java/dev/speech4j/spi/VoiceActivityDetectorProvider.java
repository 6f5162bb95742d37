package dev.speech4j.spi;

import dev.speech4j.EngineOptions;
import dev.speech4j.model.ModelRef;
import dev.speech4j.vad.VoiceActivityDetector;

/** Creates {@link VoiceActivityDetector}s of one engine; found with {@link java.util.ServiceLoader}. */
public interface VoiceActivityDetectorProvider extends EngineProvider {

  /**
   * Loads {@code model}; {@link ModelRef#defaultModel()} selects the engine's bundled model.
   *
   * @throws dev.speech4j.ModelNotFoundException if the model cannot be found
   * @throws dev.speech4j.InvalidModelException if it is found but unusable
   * @throws dev.speech4j.EngineUnavailableException if the engine cannot run here
   */
  VoiceActivityDetector create(ModelRef model, EngineOptions options);
}
