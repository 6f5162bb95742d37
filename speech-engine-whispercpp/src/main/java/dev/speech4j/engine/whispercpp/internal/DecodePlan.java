package dev.speech4j.engine.whispercpp.internal;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.stt.Task;
import dev.speech4j.stt.TranscriptionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@link TranscriptionOptions} mapped onto whisper.cpp 1.7.1's {@code whisper_full_params}.
 *
 * <p>An option whisper.cpp cannot honour is rejected with an {@link InvalidOptionsException} that lists every such
 * option, unless it is at speech4j's default: then {@link #effective()} reports what whisper.cpp does instead
 * (no-speech skip and compression-ratio check off, timestamps off on 2-layer decoders) and the transcription info
 * carries it.
 *
 * @param effective the options as whisper.cpp applies them
 * @param entropyThreshold whisper.cpp's repetition check, standing in for the compression-ratio check
 * @param promptLimit the most previous-text tokens a window is prompted with: openai's {@code n_text_ctx / 2 - 1}
 *     (whisper.cpp would take one more)
 */
record DecodePlan(TranscriptionOptions effective, float entropyThreshold, int promptLimit) {
  /** whisper.cpp runs at most this many decoders (beams or samples) at once. */
  static final int MAX_DECODERS = 8;

  /** What the model tells about itself that the mapping needs. */
  record ModelFacts(boolean multilingual, boolean timestampsForcedOff, int promptLimit,
      Predicate<String> knownLanguage) {}

  /** @throws InvalidOptionsException listing every option whisper.cpp cannot honour */
  static DecodePlan of(TranscriptionOptions o, ModelFacts model, float entropyThreshold) {
    TranscriptionOptions d = TranscriptionOptions.defaults();
    List<String> rejected = new ArrayList<>();
    if (o.patience() != d.patience()) {
      rejected.add("patience (whisper.cpp 1.7.1 does not implement beam-search patience)");
    }
    if (!o.compressionRatioThreshold().equals(d.compressionRatioThreshold())) {
      rejected.add("compressionRatioThreshold (whisper.cpp checks the entropy of the last tokens instead: set the "
          + "engine property whisper-cpp.entropy-threshold)");
    }
    if (o.noSpeechThreshold().isPresent() && !o.noSpeechThreshold().equals(d.noSpeechThreshold())) {
      rejected.add("noSpeechThreshold (whisper.cpp 1.7.1 does not implement the no-speech skip: pass null)");
    }
    if (o.promptResetOnTemperature() != d.promptResetOnTemperature()) {
      rejected.add("promptResetOnTemperature (whisper.cpp always drops the prompt at temperatures of 0.5 and up)");
    }
    if (o.prefix() != null) {
      rejected.add("prefix (whisper.cpp 1.7.1 has no decoder prefix)");
    }
    if (!o.suppressTokens().equals(List.of(-1)) && !o.suppressTokens().isEmpty()) {
      rejected.add("suppressTokens (whisper.cpp suppresses its non-speech list [-1] or nothing [], not token ids)");
    }
    if (!o.clipTimestamps().equals(d.clipTimestamps())) {
      rejected.add("clipTimestamps (cut the audio instead, e.g. with SpeechAudio.slice)");
    }
    if (o.hallucinationSilenceThreshold().isPresent()) {
      rejected.add("hallucinationSilenceThreshold (not in whisper.cpp 1.7.1)");
    }
    if (o.maxNewTokens().isPresent()) {
      rejected.add("maxNewTokens (whisper.cpp's max_tokens ends a window by cutting it back to its last timestamp "
          + "and decoding again from there, where openai keeps the window's text and moves on)");
    }
    if (o.seed() != d.seed()) {
      rejected.add("seed (whisper.cpp seeds its samplers with 0, always)");
    }
    if (o.vadFilter()) {
      rejected.add("vadFilter (the engine does not filter itself: use Speech.transcriber(...) or VadFilter.wrap)");
    }
    if (!o.conditionOnPreviousText() && o.initialPrompt() != null) {
      rejected.add("initialPrompt with conditionOnPreviousText(false) (whisper.cpp carries the initial prompt "
          + "in the previous-text context it then turns off)");
    }
    if (o.beamSize() > MAX_DECODERS || o.bestOf() > MAX_DECODERS) {
      rejected.add("beamSize/bestOf above " + MAX_DECODERS + " (whisper.cpp runs at most "
          + MAX_DECODERS + " decoders)");
    }
    if (temperatureStep(o.temperatures()) < 0) {
      rejected.add("temperatures " + o.temperatures() + " (whisper.cpp tries t0, t0 + step, ... up to 1.0)");
    }
    if (o.language() != null && !model.knownLanguage().test(o.language())) {
      rejected.add("language \"" + o.language() + "\" (not a language whisper.cpp knows)");
    } else if (o.language() != null && !o.language().equals("en") && !model.multilingual()) {
      rejected.add("language \"" + o.language() + "\" (this model is English-only)");
    }
    if (o.task() == Task.TRANSLATE && !model.multilingual()) {
      rejected.add("task TRANSLATE (this model is English-only)");
    }
    if (!rejected.isEmpty()) {
      throw new InvalidOptionsException("the whisper-cpp engine cannot honour " + String.join("; ", rejected)
          + ". See the speech-engine-whispercpp README for what whisper.cpp supports");
    }
    TranscriptionOptions.Builder effective = o.toBuilder().noSpeechThreshold(null).compressionRatioThreshold(null);
    if (model.timestampsForcedOff()) {
      effective.withoutTimestamps(true);
    }
    return new DecodePlan(effective.build(), entropyThreshold, model.promptLimit());
  }

  /**
   * whisper.cpp's temperature step for a list of temperatures: 0 for a single one, the common difference of an
   * arithmetic sequence that ends within 1e-6 of the last value before 1.0, or -1 when whisper.cpp cannot produce
   * the list.
   */
  static float temperatureStep(List<Double> temperatures) {
    if (temperatures.size() == 1) {
      return 0;
    }
    float t0 = temperatures.get(0).floatValue();
    float step = (float) (temperatures.get(1) - temperatures.get(0));
    if (!(step > 0)) {
      return -1;
    }
    List<Float> generated = new ArrayList<>();
    for (float t = t0; t < 1.0f + 1e-6f; t += step) {
      generated.add(t);
    }
    if (generated.size() != temperatures.size()) {
      return -1;
    }
    for (int i = 0; i < generated.size(); i++) {
      if (Math.abs(generated.get(i) - temperatures.get(i)) > 1e-5) {
        return -1;
      }
    }
    return step;
  }

  /** Fills whisper.cpp's parameters for one call. */
  void apply(WhisperLibrary.FullParams p, int threads) {
    TranscriptionOptions o = effective;
    p.strategy = o.beamSize() > 1 ? WhisperLibrary.SAMPLING_BEAM_SEARCH : WhisperLibrary.SAMPLING_GREEDY;
    p.n_threads = threads;
    p.n_max_text_ctx = o.conditionOnPreviousText() ? promptLimit : 0;
    p.translate = flag(o.task() == Task.TRANSLATE);
    p.no_context = 1;
    p.no_timestamps = flag(o.withoutTimestamps());
    p.print_progress = 0;
    p.print_realtime = 0;
    p.print_timestamps = 0;
    p.token_timestamps = flag(o.wordTimestamps());
    p.detect_language = 0;
    p.suppress_blank = flag(o.suppressBlank());
    p.suppress_non_speech_tokens = flag(o.suppressTokens().contains(-1));
    p.temperature = o.temperatures().get(0).floatValue();
    p.temperature_inc = temperatureStep(o.temperatures());
    p.max_initial_ts = o.maxInitialTimestamp().isPresent() ? (float) o.maxInitialTimestamp().getAsDouble() : 0f;
    p.length_penalty = o.lengthPenalty().isPresent() ? (float) o.lengthPenalty().getAsDouble() : -1f;
    p.entropy_thold = entropyThreshold;
    p.logprob_thold = o.logProbThreshold().isPresent() ? (float) o.logProbThreshold().getAsDouble()
        : Float.NEGATIVE_INFINITY;
    p.greedy_best_of = o.bestOf();
    p.beam_search_beam_size = o.beamSize();
  }

  private static byte flag(boolean value) {
    return (byte) (value ? 1 : 0);
  }
}
