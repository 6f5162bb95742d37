package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.EngineOptions;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.testing.SharedData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The VAD filter: silence is cut before decoding, and times come back in the original audio. */
class VadFilterTest {

  @Test
  void silenceIsCutAndTimesMapBack() {
    SpeechAudio jfk = Audio.read(SharedData.testdata("jfk.wav"));
    SpeechAudio silence = SpeechAudio.silence(Duration.ofSeconds(20), 16_000, 1);
    SpeechAudio padded = SpeechAudio.concat(List.of(silence, jfk), 16_000);
    TranscriptionOptions options = TranscriptionOptions.builder().beamSize(1).temperature(0).vadFilter(true).build();

    Transcription filtered;
    try (WhisperDjlTranscriber whisper =
        WhisperDjlTranscriber.open(TestModels.model("micro-en"), EngineOptions.defaults())) {
      filtered = whisper.transcribe(padded, options);
    }

    assertThat(filtered.duration()).isCloseTo(31.0, within(0.01));
    assertThat(filtered.durationAfterVad()).isLessThan(13.0).isGreaterThan(9.0);
    assertThat(filtered.segments()).isNotEmpty();
    assertThat(filtered.segments()).extracting(Segment::start).allSatisfy(start -> assertThat(start).isGreaterThan(19.0));
  }

  @Test
  void timesMapAcrossChunks() {
    SpeechChunks chunks = new SpeechChunks(new long[] {16_000, 80_000}, new long[] {0, 16_000}, 32_000);
    assertThat(chunks.originalTime(0.5, false)).isEqualTo(1.5);
    assertThat(chunks.originalTime(1.0, true)).isEqualTo(2.0);
    assertThat(chunks.originalTime(1.0, false)).isEqualTo(5.0);
    assertThat(chunks.originalTime(1.25, false)).isEqualTo(5.25);
  }
}
