package dev.speech4j.spi;

import dev.speech4j.EngineOptions;
import dev.speech4j.model.ModelRef;
import dev.speech4j.tts.Synthesizer;

/** Creates {@link Synthesizer}s of one engine; found with {@link java.util.ServiceLoader}. */
public interface SynthesizerProvider extends EngineProvider {

  /**
   * Loads {@code voice}; {@link ModelRef#defaultModel()} selects the engine's built-in voice, if it has one.
   *
   * @throws dev.speech4j.ModelNotFoundException if the voice cannot be found
   * @throws dev.speech4j.InvalidModelException if it is found but unusable
   * @throws dev.speech4j.EngineUnavailableException if the engine cannot run here
   */
  Synthesizer create(ModelRef voice, EngineOptions options);
}
