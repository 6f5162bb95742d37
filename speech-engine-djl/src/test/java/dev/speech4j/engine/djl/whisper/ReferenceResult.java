package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * openai/whisper's own {@code transcribe()} output (from shared/whisper-reference/reference.py), and the checks of
 * its compare.py: identical tokens per segment, timestamps within 0.02 s, identical text and language.
 */
record ReferenceResult(JsonObject json) {

  JsonObject options() {
    return json.getAsJsonObject("options");
  }

  /**
   * Segments decoded at temperature 0 must be identical; the first window that falls back to sampling (torch's
   * generator, which no other engine reproduces) must fall back here too, and comparison stops there, as
   * compare.py's does.
   */
  void assertMatches(Transcription ours) {
    JsonArray segments = json.getAsJsonArray("segments");
    assertThat(ours.language()).isEqualTo(json.get("language").getAsString());
    for (int i = 0; i < segments.size(); i++) {
      JsonObject expected = segments.get(i).getAsJsonObject();
      String where = "segment " + i;
      assertThat(ours.segments()).as(where).hasSizeGreaterThan(i);
      Segment actual = ours.segments().get(i);
      assertThat(actual.seek()).as(where + " seek").isEqualTo(expected.get("seek").getAsInt());
      if (expected.get("temperature").getAsDouble() > 0) {
        assertThat(actual.temperature()).as(where + " fell back to sampling").isPositive();
        return;
      }
      assertThat(actual.temperature()).as(where + " temperature").isZero();
      assertThat(actual.tokens()).as(where + " tokens").isEqualTo(ints(expected.getAsJsonArray("tokens")));
      assertThat(actual.start()).as(where + " start").isCloseTo(expected.get("start").getAsDouble(), within(0.02));
      assertThat(actual.end()).as(where + " end").isCloseTo(expected.get("end").getAsDouble(), within(0.02));
      assertThat(actual.text()).as(where + " text").isEqualTo(expected.get("text").getAsString());
      assertThat(actual.avgLogprob()).as(where + " avg_logprob")
          .isCloseTo(expected.get("avg_logprob").getAsDouble(), within(1e-3));
      assertThat(actual.compressionRatio()).as(where + " compression_ratio")
          .isCloseTo(expected.get("compression_ratio").getAsDouble(), within(1e-9));
      assertThat(actual.noSpeechProb()).as(where + " no_speech_prob")
          .isCloseTo(expected.get("no_speech_prob").getAsDouble(), within(1e-4));
      JsonElement words = expected.get("words");
      if (words != null) {
        assertWords(where, actual.words(), words.getAsJsonArray());
      }
    }
    assertThat(ours.segments()).hasSameSizeAs(segments);
    assertThat(ours.text()).isEqualTo(json.get("text").getAsString().strip());
  }

  /** Every {@code model.decode()} call: seek, temperature, sampled tokens, compression ratio, ... */
  List<JsonObject> decodes() {
    List<JsonObject> out = new ArrayList<>();
    json.getAsJsonArray("decodes").forEach(d -> out.add(d.getAsJsonObject()));
    return out;
  }

  static List<Integer> tokens(JsonObject decode) {
    return ints(decode.getAsJsonArray("tokens"));
  }

  private static void assertWords(String where, List<Word> actual, JsonArray expected) {
    assertThat(actual).as(where + " words").hasSize(expected.size());
    for (int w = 0; w < expected.size(); w++) {
      JsonObject e = expected.get(w).getAsJsonObject();
      Word a = actual.get(w);
      assertThat(a.text()).as(where + " word " + w).isEqualTo(e.get("word").getAsString());
      assertThat(a.start()).as(where + " word " + w + " start").isCloseTo(e.get("start").getAsDouble(), within(0.02));
      assertThat(a.end()).as(where + " word " + w + " end").isCloseTo(e.get("end").getAsDouble(), within(0.02));
      assertThat(a.probability()).as(where + " word " + w + " probability")
          .isCloseTo(e.get("probability").getAsDouble(), within(1e-3));
    }
  }

  private static List<Integer> ints(JsonArray array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(e -> out.add(e.getAsInt()));
    return out;
  }

  /** The tokens of every segment decoded before the window at {@code seek}, in order. */
  List<Integer> segmentTokensBefore(int seek) {
    List<Integer> out = new ArrayList<>();
    json.getAsJsonArray("segments").forEach(e -> {
      if (e.getAsJsonObject().get("seek").getAsInt() < seek) {
        out.addAll(ints(e.getAsJsonObject().getAsJsonArray("tokens")));
      }
    });
    return out;
  }
}
