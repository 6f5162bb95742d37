package dev.speech4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.Word;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * openai/whisper's own {@code transcribe()} output (shared/whisper-reference/reference.py) and the checks of its
 * compare.py: segments decoded at temperature 0 have identical tokens (timestamps included) and times within
 * 0.02 s; with {@link Checks#FULL}, also openai's text, log probability, compression ratio, no-speech probability
 * and words. A first divergence where the reference's own decision was a near tie (top-2 logit gap, or the
 * timestamp rule's log-probability gap, below {@code nearTie}) is reported, not failed: from there on the two
 * decodings legitimately part.
 */
public record ReferenceTranscript(JsonObject json) {

  /** What must agree besides tokens and times. */
  public enum Checks { TOKENS_AND_TIMES, FULL }

  public static ReferenceTranscript read(Path file) {
    try {
      return new ReferenceTranscript(JsonParser.parseString(Files.readString(file)).getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonObject options() {
    return json.getAsJsonObject("options");
  }

  /**
   * Fails unless {@code ours} matches.
   *
   * @return a description of the near tie where the comparison stopped, if it stopped at one
   */
  public Optional<String> assertMatches(Transcription ours, Checks checks, double nearTie) {
    JsonArray segments = json.getAsJsonArray("segments");
    assertThat(ours.language()).as("language").isEqualTo(json.get("language").getAsString());
    for (int i = 0; i < segments.size(); i++) {
      JsonObject expected = segments.get(i).getAsJsonObject();
      String where = "segment " + i;
      assertThat(ours.segments()).as(where + " exists").hasSizeGreaterThan(i);
      Segment actual = ours.segments().get(i);
      if (expected.get("temperature").getAsDouble() > 0) {
        if (checks == Checks.FULL) {
          assertThat(actual.temperature()).as(where + " fell back to sampling").isPositive();
        }
        return Optional.empty();
      }
      List<Integer> tokens = ints(expected.getAsJsonArray("tokens"));
      int diverges = firstDifference(tokens, actual.tokens());
      if (diverges >= 0) {
        double margin = marginAt(i, diverges);
        String what = where + " token " + diverges + ": openai " + at(tokens, diverges) + ", ours "
            + at(actual.tokens(), diverges) + ", openai's margin there " + margin;
        if (margin < nearTie) {
          return Optional.of("near tie at " + what);
        }
        assertThat(actual.tokens()).as(where + " tokens (first divergence at " + what + ")").isEqualTo(tokens);
      }
      assertThat(actual.seek()).as(where + " seek").isEqualTo(expected.get("seek").getAsInt());
      assertThat(actual.start()).as(where + " start").isCloseTo(expected.get("start").getAsDouble(), within(0.02));
      assertThat(actual.end()).as(where + " end").isCloseTo(expected.get("end").getAsDouble(), within(0.02));
      if (checks == Checks.FULL) {
        assertFull(where, expected, actual);
      }
    }
    assertThat(ours.segments()).as("segments").hasSameSizeAs(segments);
    if (checks == Checks.FULL) {
      assertThat(ours.text()).as("text").isEqualTo(json.get("text").getAsString().strip());
    }
    return Optional.empty();
  }

  private static void assertFull(String where, JsonObject expected, Segment actual) {
    assertThat(actual.temperature()).as(where + " temperature").isZero();
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

  /**
   * The reference's smallest decision gap at the step that produced token {@code index} of segment
   * {@code segment}: the top-2 gap of the filtered logits and the timestamp rule's gap (infinite where the harness
   * recorded none, as for beam search).
   */
  public double marginAt(int segment, int index) {
    JsonArray segments = json.getAsJsonArray("segments");
    int seek = segments.get(segment).getAsJsonObject().get("seek").getAsInt();
    int step = index;
    for (int s = 0; s < segment; s++) {
      JsonObject earlier = segments.get(s).getAsJsonObject();
      if (earlier.get("seek").getAsInt() == seek) {
        step += earlier.getAsJsonArray("tokens").size();
      }
    }
    for (JsonElement e : json.getAsJsonArray("decodes")) {
      JsonObject decode = e.getAsJsonObject();
      if (decode.get("seek").getAsInt() == seek && decode.get("accepted").getAsBoolean()
          && decode.get("temperature").getAsDouble() == 0) {
        return Math.min(value(decode.getAsJsonArray("margins"), step), value(decode.getAsJsonArray("ts_margins"), step));
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  private static double value(JsonArray values, int index) {
    if (values == null || index >= values.size() || values.get(index).isJsonNull()) {
      return Double.POSITIVE_INFINITY;
    }
    return values.get(index).getAsDouble();
  }

  private static int firstDifference(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (i >= a.size() || i >= b.size() || !a.get(i).equals(b.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String at(List<Integer> tokens, int index) {
    return index < tokens.size() ? tokens.get(index).toString() : "(end)";
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

  /** Every {@code model.decode()} call: seek, temperature, sampled tokens, compression ratio, ... */
  public List<JsonObject> decodes() {
    List<JsonObject> out = new ArrayList<>();
    json.getAsJsonArray("decodes").forEach(d -> out.add(d.getAsJsonObject()));
    return out;
  }

  public static List<Integer> ints(JsonArray array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(e -> out.add(e.getAsInt()));
    return out;
  }

  /** The tokens of every segment decoded before the window at {@code seek}, in order. */
  public List<Integer> segmentTokensBefore(int seek) {
    List<Integer> out = new ArrayList<>();
    json.getAsJsonArray("segments").forEach(e -> {
      if (e.getAsJsonObject().get("seek").getAsInt() < seek) {
        out.addAll(ints(e.getAsJsonObject().getAsJsonArray("tokens")));
      }
    });
    return out;
  }
}
