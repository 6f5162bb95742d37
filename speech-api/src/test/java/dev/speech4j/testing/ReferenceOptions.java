package dev.speech4j.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.speech4j.stt.Task;
import dev.speech4j.stt.TranscriptionOptions;
import java.util.ArrayList;
import java.util.List;

/** reference.py's options (its JSON {@code options}) as speech4j {@link TranscriptionOptions}. */
public final class ReferenceOptions {
  private ReferenceOptions() {}

  public static TranscriptionOptions of(JsonObject o) {
    TranscriptionOptions.Builder b = TranscriptionOptions.builder()
        .language(string(o, "language"))
        .task("translate".equals(string(o, "task")) ? Task.TRANSLATE : Task.TRANSCRIBE)
        .beamSize(isNull(o, "beam_size") ? 1 : o.get("beam_size").getAsInt())
        .bestOf(isNull(o, "best_of") ? 1 : o.get("best_of").getAsInt())
        .temperatures(doubles(string(o, "temperature")))
        .compressionRatioThreshold(number(o, "compression_ratio_threshold"))
        .logProbThreshold(number(o, "logprob_threshold"))
        .noSpeechThreshold(number(o, "no_speech_threshold"))
        .withoutTimestamps(o.get("without_timestamps").getAsBoolean())
        .maxInitialTimestamp(number(o, "max_initial_timestamp"))
        .wordTimestamps(o.get("word_timestamps").getAsBoolean())
        .initialPrompt(string(o, "initial_prompt"))
        .conditionOnPreviousText(!o.get("no_condition").getAsBoolean())
        .suppressBlank(!o.get("no_suppress_blank").getAsBoolean())
        .clipTimestamps(doubles(string(o, "clip_timestamps")))
        .hallucinationSilenceThreshold(number(o, "hallucination_silence_threshold"));
    if (!isNull(o, "patience")) {
      b.patience(o.get("patience").getAsDouble());
    }
    b.lengthPenalty(number(o, "length_penalty"));
    if (!isNull(o, "sample_len")) {
      b.maxNewTokens(o.get("sample_len").getAsInt());
    }
    List<Integer> suppress = new ArrayList<>();
    for (String t : string(o, "suppress_tokens").split(",")) {
      if (!t.isBlank()) {
        suppress.add(Integer.parseInt(t.strip()));
      }
    }
    b.suppressTokens(suppress);
    return b.build();
  }

  private static List<Double> doubles(String csv) {
    List<Double> out = new ArrayList<>();
    for (String t : csv.split(",")) {
      out.add(Double.parseDouble(t.strip()));
    }
    return out;
  }

  private static boolean isNull(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull();
  }

  private static String string(JsonObject o, String key) {
    return isNull(o, key) ? null : o.get(key).getAsString();
  }

  private static Double number(JsonObject o, String key) {
    return isNull(o, key) ? null : o.get(key).getAsDouble();
  }
}
