package dev.speech4j.internal;

import dev.speech4j.EngineOptions;
import dev.speech4j.InvalidModelException;
import dev.speech4j.model.ModelRef;
import dev.speech4j.spi.Availability;
import dev.speech4j.spi.VoiceActivityDetectorProvider;
import dev.speech4j.vad.EnergyVad;
import dev.speech4j.vad.VoiceActivityDetector;

/** The pure-Java {@code energy} detector: always available, lowest priority. */
public final class EnergyVadProvider implements VoiceActivityDetectorProvider {

  @Override
  public String name() {
    return "energy";
  }

  @Override
  public int priority() {
    return -100;
  }

  @Override
  public Availability availability() {
    return Availability.ok();
  }

  @Override
  public VoiceActivityDetector create(ModelRef model, EngineOptions options) {
    if (!model.isDefault()) {
      throw new InvalidModelException("the energy detector takes no model, but was given " + model);
    }
    return new EnergyVad();
  }
}
