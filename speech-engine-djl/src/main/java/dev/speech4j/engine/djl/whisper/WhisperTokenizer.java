package dev.speech4j.engine.djl.whisper;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.speech4j.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** {@link TextCodec} on the model directory's {@code tokenizer.json}, with Hugging Face tokenizers. Thread-safe. */
final class WhisperTokenizer implements TextCodec, AutoCloseable {
  static final String FILE = "tokenizer.json";

  private final HuggingFaceTokenizer tokenizer;
  private final int timestampBegin;

  private WhisperTokenizer(HuggingFaceTokenizer tokenizer, int timestampBegin) {
    this.tokenizer = tokenizer;
    this.timestampBegin = timestampBegin;
  }

  /** @throws InvalidModelException naming the file if it is missing or does not give the model's token ids */
  static WhisperTokenizer load(Path dir, WhisperConfig config) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidModelException(file + " is missing: re-export the model with tools/export_whisper.py");
    }
    HuggingFaceTokenizer hf;
    try {
      hf = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false", "truncation", "false"));
    } catch (IOException | RuntimeException e) {
      throw new InvalidModelException("cannot load " + file + ": " + e.getMessage(), e);
    }
    WhisperTokenizer tokenizer = new WhisperTokenizer(hf, config.tokens().timestampBegin());
    String eot = tokenizer.decodeWithTimestamps(new int[] {config.tokens().eot()});
    String first = tokenizer.decodeWithTimestamps(new int[] {config.tokens().timestampBegin()});
    if (!"<|endoftext|>".equals(eot) || !"<|0.00|>".equals(first)) {
      tokenizer.close();
      throw new InvalidModelException(file + " does not match config.json: token " + config.tokens().eot()
          + " is \"" + eot + "\" and token " + config.tokens().timestampBegin() + " is \"" + first
          + "\", expected <|endoftext|> and <|0.00|>");
    }
    return tokenizer;
  }

  @Override
  public int[] encode(String text) {
    return Arrays.stream(tokenizer.encode(text, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
  }

  @Override
  public String decode(int[] tokens) {
    return decodeWithTimestamps(Arrays.stream(tokens).filter(t -> t < timestampBegin).toArray());
  }

  @Override
  public String decodeWithTimestamps(int[] tokens) {
    if (tokens.length == 0) {
      return "";
    }
    return tokenizer.decode(Arrays.stream(tokens).asLongStream().toArray(), false);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
