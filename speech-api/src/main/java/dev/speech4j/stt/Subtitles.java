package dev.speech4j.stt;

import java.util.Locale;

/** A transcription as subtitles, written the way openai/whisper's {@code WriteSRT} and {@code WriteVTT} do. */
public final class Subtitles {
  private Subtitles() {}

  /** SubRip: numbered cues from 1, {@code HH:MM:SS,mmm} times. */
  public static String srt(Transcription transcription) {
    StringBuilder out = new StringBuilder();
    int index = 1;
    for (Segment s : transcription.segments()) {
      out.append(index++).append('\n')
          .append(timestamp(s.start(), true, ',')).append(" --> ").append(timestamp(s.end(), true, ',')).append('\n')
          .append(cue(s)).append("\n\n");
    }
    return out.toString();
  }

  /** WebVTT: a {@code WEBVTT} header, then cues with {@code [HH:]MM:SS.mmm} times. */
  public static String vtt(Transcription transcription) {
    StringBuilder out = new StringBuilder("WEBVTT\n\n");
    for (Segment s : transcription.segments()) {
      out.append(timestamp(s.start(), false, '.')).append(" --> ").append(timestamp(s.end(), false, '.'))
          .append('\n').append(cue(s)).append("\n\n");
    }
    return out.toString();
  }

  /** openai/whisper's {@code format_timestamp}: [HH:]MM:SS.mmm, milliseconds rounded. */
  static String timestamp(double seconds, boolean alwaysHours, char decimalMarker) {
    long ms = Math.round(seconds * 1000.0);
    long hours = ms / 3_600_000;
    ms -= hours * 3_600_000;
    long minutes = ms / 60_000;
    ms -= minutes * 60_000;
    long secs = ms / 1000;
    ms -= secs * 1000;
    String h = alwaysHours || hours > 0 ? String.format(Locale.ROOT, "%02d:", hours) : "";
    return String.format(Locale.ROOT, "%s%02d:%02d%c%03d", h, minutes, secs, decimalMarker, ms);
  }

  private static String cue(Segment s) {
    return s.text().strip().replace("-->", "->");
  }
}
