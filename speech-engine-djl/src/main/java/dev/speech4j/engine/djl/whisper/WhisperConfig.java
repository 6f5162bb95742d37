package dev.speech4j.engine.djl.whisper;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.whisper.ModelDims;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whisper-djl model directory's {@code config.json}: dimensions, special-token ids, the model's non-speech tokens
 * and alignment heads.
 *
 * @param languages language code to token id, in token order; empty for English-only models
 * @param suppressTokens what {@code suppress_tokens = [-1]} expands to (openai's {@code non_speech_tokens})
 * @param alignmentHeads {@code [layer, head]} pairs whose cross-attention times words
 */
record WhisperConfig(
    ModelDims dims,
    boolean multilingual,
    boolean float16,
    SpecialTokens tokens,
    Map<String, Integer> languages,
    List<Integer> suppressTokens,
    List<int[]> alignmentHeads) {

  static final String FILE = "config.json";

  /** The network's sizes, as openai's {@code ModelDimensions}. */

  /** Special-token ids; {@code noSpeech} is -1 when the model has none. */
  record SpecialTokens(int eot, int sot, int sotPrev, int sotLm, int noSpeech, int noTimestamps, int timestampBegin,
      int transcribe, int translate) {}

  /**
   * Reads and checks {@code dir/config.json}.
   *
   * @throws InvalidModelException naming the file if it is missing, unreadable or inconsistent
   */
  static WhisperConfig read(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      return parse(json, file);
    } catch (NoSuchFileException e) {
      throw new InvalidModelException(file + " is missing: a whisper-djl model directory needs config.json, "
          + "encoder.pt, decoder.pt, tokenizer.json and mel_filters.bin (export one with tools/export_whisper.py)");
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
      throw new InvalidModelException(file + " is not a valid whisper-djl config: " + e.getMessage()
          + " (re-export the model with tools/export_whisper.py)", e);
    }
  }

  private static WhisperConfig parse(JsonObject json, Path file) {
    if (!"speech4j-whisper".equals(string(json, "format")) || json.get("format_version").getAsInt() != 1) {
      throw new InvalidModelException(file + " is not a speech4j-whisper format_version 1 config");
    }
    JsonObject d = json.getAsJsonObject("dims");
    ModelDims dims = new ModelDims(d.get("n_mels").getAsInt(), d.get("n_audio_ctx").getAsInt(),
        d.get("n_audio_state").getAsInt(), d.get("n_audio_head").getAsInt(), d.get("n_audio_layer").getAsInt(),
        d.get("n_vocab").getAsInt(), d.get("n_text_ctx").getAsInt(), d.get("n_text_state").getAsInt(),
        d.get("n_text_head").getAsInt(), d.get("n_text_layer").getAsInt());
    JsonObject s = json.getAsJsonObject("special_tokens");
    JsonElement noSpeech = s.get("no_speech");
    SpecialTokens tokens = new SpecialTokens(s.get("eot").getAsInt(), s.get("sot").getAsInt(),
        s.get("sot_prev").getAsInt(), s.get("sot_lm").getAsInt(),
        noSpeech == null || noSpeech.isJsonNull() ? -1 : noSpeech.getAsInt(), s.get("no_timestamps").getAsInt(),
        s.get("timestamp_begin").getAsInt(), s.get("transcribe").getAsInt(), s.get("translate").getAsInt());
    Map<String, Integer> languages = new LinkedHashMap<>();
    JsonObject langs = s.getAsJsonObject("languages");
    boolean multilingual = json.get("multilingual").getAsBoolean();
    if (multilingual && langs != null) {
      langs.entrySet().stream()
          .sorted(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.getAsInt(), b.getAsInt())))
          .forEach(e -> languages.put(e.getKey(), e.getValue().getAsInt()));
    }
    List<Integer> suppress = new ArrayList<>();
    json.getAsJsonArray("suppress_tokens").forEach(t -> suppress.add(t.getAsInt()));
    List<int[]> heads = new ArrayList<>();
    JsonArray alignment = json.getAsJsonArray("alignment_heads");
    if (alignment != null) {
      alignment.forEach(h -> heads.add(new int[] {h.getAsJsonArray().get(0).getAsInt(), h.getAsJsonArray().get(1).getAsInt()}));
    }
    String dtype = string(json, "dtype");
    WhisperConfig config = new WhisperConfig(dims, multilingual, "float16".equals(dtype), tokens, languages,
        suppress, heads);
    config.check(file, dtype);
    return config;
  }

  private void check(Path file, String dtype) {
    List<String> problems = new ArrayList<>();
    if (!"float32".equals(dtype) && !"float16".equals(dtype)) {
      problems.add("dtype must be float32 or float16, got " + dtype);
    }
    if (dims.nMels() != 80 && dims.nMels() != 128) {
      problems.add("n_mels must be 80 or 128, got " + dims.nMels());
    }
    if (dims.nAudioCtx() * 2 != LogMel.N_FRAMES) {
      problems.add("n_audio_ctx must be 1500 (30 s windows), got " + dims.nAudioCtx());
    }
    if (tokens.timestampBegin + 1501 != dims.nVocab()) {
      problems.add("timestamp_begin " + tokens.timestampBegin + " + 1501 timestamps != n_vocab " + dims.nVocab());
    }
    if (multilingual && languages.isEmpty()) {
      problems.add("a multilingual model needs special_tokens.languages");
    }
    for (int[] head : alignmentHeads) {
      if (head[0] < 0 || head[0] >= dims.nTextLayer() || head[1] < 0 || head[1] >= dims.nTextHead()) {
        problems.add("alignment head " + head[0] + "," + head[1] + " is outside the decoder");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidModelException(file + " does not describe a usable model: " + String.join("; ", problems));
    }
  }

  private static String string(JsonObject json, String key) {
    JsonElement e = json.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  /** openai's {@code sot_sequence}: SOT, then language and task on multilingual models. */
  int[] sotSequence(String language, boolean translate) {
    if (!multilingual) {
      return new int[] {tokens.sot};
    }
    return new int[] {tokens.sot, languageToken(language), translate ? tokens.translate : tokens.transcribe};
  }

  int languageToken(String language) {
    Integer id = languages.get(language);
    if (id == null) {
      throw new InvalidOptionsException("this model does not know language \"" + language
          + "\"; it knows " + String.join(", ", languages.keySet()));
    }
    return id;
  }
}
