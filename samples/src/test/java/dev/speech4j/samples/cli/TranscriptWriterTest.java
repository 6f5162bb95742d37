package dev.speech4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.Word;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptWriterTest {
  private static final Transcription T = new Transcription("en", 1.0, 3726.5, 3726.5, List.of(
      new Segment(0, 0, 0.0, 2.5, " And so, my \"fellow\"", List.of(50364, 400, 50489), 0.0, -0.25, 1.1, 0.01,
          List.of(new Word(0.0, 0.4, " And", 0.9))),
      new Segment(1, 300, 3725.125, 3726.5, " Americans --> ask", List.of(7, 8), 0.2, -0.5, 1.2, Double.NaN,
          List.of())));

  private static String write(String format) {
    StringWriter out = new StringWriter();
    TranscriptWriter.of(format).write(T, new PrintWriter(out, true));
    return out.toString();
  }

  @Test
  void srtAndVttAsOpenAiWritesThem() {
    assertThat(write("srt")).isEqualTo("1\n00:00:00,000 --> 00:00:02,500\nAnd so, my \"fellow\"\n\n"
        + "2\n01:02:05,125 --> 01:02:06,500\nAmericans -> ask\n\n");
    assertThat(write("vtt")).isEqualTo("WEBVTT\n\n00:00.000 --> 00:02.500\nAnd so, my \"fellow\"\n\n"
        + "01:02:05.125 --> 01:02:06.500\nAmericans -> ask\n\n");
  }

  @Test
  void verboseJsonHasOpenAiFields() {
    assertThat(write("verbose_json")).isEqualTo("{\"text\": \"And so, my \\\"fellow\\\" Americans --> ask\", "
        + "\"language\": \"en\", \"duration\": 3726.5, \"segments\": [{\"id\": 0, \"seek\": 0, \"start\": 0.0, "
        + "\"end\": 2.5, \"text\": \" And so, my \\\"fellow\\\"\", \"tokens\": [50364, 400, 50489], "
        + "\"temperature\": 0.0, \"avg_logprob\": -0.25, \"compression_ratio\": 1.1, \"no_speech_prob\": 0.01, "
        + "\"words\": [{\"word\": \" And\", \"start\": 0.0, \"end\": 0.4, \"probability\": 0.9}]}, {\"id\": 1, "
        + "\"seek\": 300, \"start\": 3725.125, \"end\": 3726.5, \"text\": \" Americans --> ask\", \"tokens\": [7, 8], "
        + "\"temperature\": 0.2, \"avg_logprob\": -0.5, \"compression_ratio\": 1.2, \"no_speech_prob\": null}]}\n");
    assertThat(write("json")).isEqualTo("{\"text\": \"And so, my \\\"fellow\\\" Americans --> ask\"}\n");
    assertThat(write("text")).isEqualTo("And so, my \"fellow\"\nAmericans --> ask\n");
  }
}
