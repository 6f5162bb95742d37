package dev.speech4j.engine.djl.whisper;

/** Text to token ids and back, as openai/whisper's tokenizer does it. */
interface TextCodec {

  /** The ids of {@code text}, with no special tokens added. */
  int[] encode(String text);

  /** The text of {@code tokens}, timestamp tokens left out (openai's {@code decode}). */
  String decode(int[] tokens);

  /** The text of {@code tokens}, timestamps written as {@code <|1.08|>} (openai's {@code decode_with_timestamps}). */
  String decodeWithTimestamps(int[] tokens);
}
