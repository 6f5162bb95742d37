package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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

  static ReferenceResult fixture(String name) {
    return new ReferenceResult(JsonParser.parseString(TestFiles.fixtureText("reference/" + name)).getAsJsonObject());
  }

  JsonObject options() {
    return json.getAsJsonObject("options");
  }

  String checkpointSha256() {
    return json.get("checkpoint_sha256").getAsString();
  }

  void assertMatches(Transcription ours) {
    JsonArray segments = json.getAsJsonArray("segments");
    assertThat(ours.language()).isEqualTo(json.get("language").getAsString());
    assertThat(ours.segments()).hasSize(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      JsonObject expected = segments.get(i).getAsJsonObject();
      Segment actual = ours.segments().get(i);
      String where = "segment " + i;
      assertThat(actual.temperature()).as(where + " temperature")
          .isEqualTo(expected.get("temperature").getAsDouble());
      if (actual.temperature() > 0) {
        continue; // sampled with torch's generator, which no other engine reproduces (compare.py skips these too)
      }
      assertThat(actual.tokens()).as(where + " tokens").isEqualTo(ints(expected.getAsJsonArray("tokens")));
      assertThat(actual.seek()).as(where + " seek").isEqualTo(expected.get("seek").getAsInt());
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
    if (ours.segments().stream().allMatch(s -> s.temperature() == 0)) {
      assertThat(ours.text()).isEqualTo(json.get("text").getAsString().strip());
    }
  }

  /** The first {@code model.decode()} call: its temperature, sampled tokens and compression ratio. */
  JsonObject firstDecode() {
    return json.getAsJsonArray("decodes").get(0).getAsJsonObject();
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
}
