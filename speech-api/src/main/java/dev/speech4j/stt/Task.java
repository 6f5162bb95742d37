package dev.speech4j.stt;

/** What a transcriber produces. */
public enum Task {
  /** Text in the spoken language. */
  TRANSCRIBE,
  /** English text, whatever the spoken language. */
  TRANSLATE
}
