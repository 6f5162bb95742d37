package dev.speech4j.engine.whispercpp.internal;

import dev.speech4j.audio.AudioSource;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.TranscriptionStream;

/**
 * A {@link Transcriber} on one whisper.cpp context. Thread-safe: each call takes a whisper state from the model's
 * bounded pool for as long as its stream is open.
 */
final class WhisperCppTranscriber implements Transcriber {
  private final WhisperModel model;
  private final int threads;
  private final float entropyThreshold;
  private final int chunkSeconds;
  private final DecodePlan.ModelFacts facts;

  WhisperCppTranscriber(WhisperModel model, int threads, float entropyThreshold, int chunkSeconds) {
    this.model = model;
    this.threads = threads;
    this.entropyThreshold = entropyThreshold;
    this.chunkSeconds = chunkSeconds;
    WhisperLibrary lib = model.lib();
    GgmlFile header = model.header();
    this.facts = new DecodePlan.ModelFacts(header.hparams().multilingual(), header.timestampsForcedOff(),
        header.hparams().promptLimit(), code -> code.length() <= 3 && known(lib.whisper_lang_id(code), header));
  }

  /** A whisper.cpp language id the model has a token for (English-only models are checked for "en" later). */
  private static boolean known(int id, GgmlFile header) {
    return id >= 0 && (!header.hparams().multilingual() || id < header.hparams().languageCount());
  }

  @Override
  public TranscriptionStream stream(AudioSource audio, TranscriptionOptions options) {
    try {
      DecodePlan plan = DecodePlan.of(options, facts, entropyThreshold);
      return new WhisperCppStream(model, audio.mono().resample(WhisperCppStream.RATE), plan, threads, chunkSeconds);
    } catch (RuntimeException e) {
      audio.close();
      throw e;
    }
  }

  WhisperModel model() {
    return model;
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "whisper-cpp[" + model.file() + ", " + model.header().ftypeName() + ", " + threads + " threads]";
  }
}
