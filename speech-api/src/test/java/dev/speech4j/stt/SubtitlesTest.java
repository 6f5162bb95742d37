package dev.speech4j.stt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitlesTest {
  private static Segment segment(int id, double start, double end, String text) {
    return new Segment(id, 0, start, end, text, List.of(), 0, -0.1, 1, 0.1, List.of());
  }

  private static final Transcription T = new Transcription("en", 1, 3700, 3700, List.of(
      segment(0, 0, 1.0005, " Hello --> there."), segment(1, 3599.9996, 3661.25, " Later.")));

  @Test
  void srtNumbersCuesFromOneWithHoursAndCommas() {
    assertThat(Subtitles.srt(T)).isEqualTo("""
        1
        00:00:00,000 --> 00:00:01,001
        Hello -> there.

        2
        01:00:00,000 --> 01:01:01,250
        Later.

        """);
  }

  @Test
  void vttHasItsHeaderAndHoursOnlyWhenNeeded() {
    assertThat(Subtitles.vtt(T)).isEqualTo("""
        WEBVTT

        00:00.000 --> 00:01.001
        Hello -> there.

        01:00:00.000 --> 01:01:01.250
        Later.

        """);
  }
}
