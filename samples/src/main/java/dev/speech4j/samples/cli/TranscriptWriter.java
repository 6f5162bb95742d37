package dev.speech4j.samples.cli;

import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Subtitles;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.Word;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes a transcription as openai/whisper's command line does: text, json, verbose_json, srt or vtt. */
enum TranscriptWriter {
  TEXT {
    @Override
    void write(Transcription t, PrintWriter out) {
      t.segments().forEach(s -> out.println(s.text().strip()));
    }
  },
  JSON {
    @Override
    void write(Transcription t, PrintWriter out) {
      out.println("{\"text\": " + quote(t.text()) + "}");
    }
  },
  VERBOSE_JSON {
    @Override
    void write(Transcription t, PrintWriter out) {
      String segments = t.segments().stream().map(TranscriptWriter::segment).collect(Collectors.joining(", "));
      out.println("{\"text\": " + quote(t.text()) + ", \"language\": " + quote(t.language()) + ", \"duration\": "
          + number(t.duration()) + ", \"segments\": [" + segments + "]}");
    }
  },
  SRT {
    @Override
    void write(Transcription t, PrintWriter out) {
      out.print(Subtitles.srt(t));
    }
  },
  VTT {
    @Override
    void write(Transcription t, PrintWriter out) {
      out.print(Subtitles.vtt(t));
    }
  };

  abstract void write(Transcription transcription, PrintWriter out);

  private static String segment(Segment s) {
    StringBuilder b = new StringBuilder().append("{\"id\": ").append(s.id()).append(", \"seek\": ").append(s.seek())
        .append(", \"start\": ").append(number(s.start())).append(", \"end\": ").append(number(s.end()))
        .append(", \"text\": ").append(quote(s.text())).append(", \"tokens\": ").append(s.tokens())
        .append(", \"temperature\": ").append(number(s.temperature()))
        .append(", \"avg_logprob\": ").append(number(s.avgLogprob()))
        .append(", \"compression_ratio\": ").append(number(s.compressionRatio()))
        .append(", \"no_speech_prob\": ").append(number(s.noSpeechProb()));
    if (!s.words().isEmpty()) {
      b.append(", \"words\": [").append(s.words().stream().map(TranscriptWriter::word)
          .collect(Collectors.joining(", "))).append(']');
    }
    return b.append('}').toString();
  }

  private static String word(Word w) {
    return "{\"word\": " + quote(w.text()) + ", \"start\": " + number(w.start()) + ", \"end\": " + number(w.end())
        + ", \"probability\": " + number(w.probability()) + "}";
  }

  /** A JSON number; NaN (a model without a no-speech token) as null. */
  private static String number(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "null";
  }

  static String quote(String text) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static TranscriptWriter of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  static List<String> names() {
    return java.util.Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }
}
