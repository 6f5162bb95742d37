package dev.speech4j.tts.piper.internal;

import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.model.ModelRef;
import dev.speech4j.spi.Availability;
import dev.speech4j.spi.SynthesizerProvider;
import dev.speech4j.tts.Synthesizer;

/**
 * The {@code espeak} engine: espeak-ng's own voice, which needs no model, so it is the default synthesizer. The
 * model reference names an espeak-ng voice ({@code en-us} when default).
 */
public final class EspeakProvider implements SynthesizerProvider {
  static final String DEFAULT_VOICE = "en-us";

  @Override
  public String name() {
    return "espeak";
  }

  /** Above {@code piper}, which has no built-in voice. */
  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Availability availability() {
    try {
      Espeak.instance();
      return Availability.ok();
    } catch (EngineUnavailableException e) {
      return Availability.unavailable(e.getMessage());
    }
  }

  /**
   * The default voice, or a name shaped like espeak-ng's ({@code en-us}, {@code fr}: no underscore, unlike Piper's
   * {@code en_US-lessac-medium}); never a file or Hub reference.
   */
  @Override
  public boolean canLoad(ModelRef voice) {
    return voice.isDefault() || voice.name().filter(n -> n.indexOf('_') < 0).isPresent();
  }

  @Override
  public Synthesizer create(ModelRef voice, EngineOptions options) {
    if (voice.path().isPresent()) {
      throw new InvalidModelException("the espeak engine takes an espeak-ng voice name such as en-us or fr, not a "
          + "file: " + voice + ". For a Piper .onnx voice use the piper engine");
    }
    return new EspeakSynthesizer(Espeak.instance(), voice.name().orElse(DEFAULT_VOICE));
  }
}
