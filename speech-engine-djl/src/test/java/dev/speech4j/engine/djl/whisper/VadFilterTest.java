package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.EngineOptions;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.VadFilter;
import dev.speech4j.testing.SharedData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * whisper-djl under speech-api's VAD filter (what {@code Speech.transcriber} returns): silence is cut before
 * decoding, and times come back in the original audio. The engine itself refuses {@code vadFilter}, so the filter
 * has one implementation for every engine.
 */
class VadFilterTest {

  @Test
  void silenceIsCutAndTimesMapBack() {
    SpeechAudio jfk = Audio.read(SharedData.testdata("jfk.wav"));
    SpeechAudio silence = SpeechAudio.silence(Duration.ofSeconds(20), 16_000, 1);
    SpeechAudio padded = SpeechAudio.concat(List.of(silence, jfk), 16_000);
    TranscriptionOptions options = TranscriptionOptions.builder().beamSize(1).temperature(0).vadFilter(true).build();

    Transcription filtered;
    try (Transcriber whisper = VadFilter.wrap(
        WhisperDjlTranscriber.open(TestModels.model("micro-en"), EngineOptions.defaults()), Speech::vad)) {
      filtered = whisper.transcribe(padded, options);
    }

    assertThat(filtered.duration()).isCloseTo(31.0, within(0.01));
    assertThat(filtered.durationAfterVad()).isLessThan(13.0).isGreaterThan(9.0);
    assertThat(filtered.segments()).isNotEmpty();
    assertThat(filtered.segments()).extracting(Segment::start).allSatisfy(start -> assertThat(start).isGreaterThan(19.0));
  }

  @Test
  void theEngineItselfRefusesTheFilter() {
    TranscriptionOptions options = TranscriptionOptions.builder().vadFilter(true).build();
    try (WhisperDjlTranscriber whisper =
        WhisperDjlTranscriber.open(TestModels.model("micro-en"), EngineOptions.defaults())) {
      assertThatThrownBy(() -> whisper.transcribe(SpeechAudio.silence(Duration.ofSeconds(1), 16_000, 1), options))
          .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("VadFilter.wrap");
    }
  }
}
