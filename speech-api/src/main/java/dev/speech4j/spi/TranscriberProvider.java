package dev.speech4j.spi;

import dev.speech4j.EngineOptions;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Transcriber;

/** Creates {@link Transcriber}s of one engine; found with {@link java.util.ServiceLoader}. */
public interface TranscriberProvider extends EngineProvider {

  /**
   * Loads {@code model}.
   *
   * @throws dev.speech4j.ModelNotFoundException if the model cannot be found
   * @throws dev.speech4j.InvalidModelException if it is found but unusable
   * @throws dev.speech4j.EngineUnavailableException if the engine cannot run here
   */
  Transcriber create(ModelRef model, EngineOptions options);
}
