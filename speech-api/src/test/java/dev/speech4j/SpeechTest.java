package dev.speech4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.testing.SystemProperties;
import dev.speech4j.vad.VoiceActivityDetector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpeechTest {

  @Test
  void listsEveryProviderWithItsAvailability() {
    assertThat(Speech.providers())
        .extracting(ProviderInfo::kind, ProviderInfo::name, p -> p.availability().available())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ProviderInfo.Kind.TRANSCRIBER, "missing", false),
            org.assertj.core.groups.Tuple.tuple(ProviderInfo.Kind.TRANSCRIBER, "picky", true),
            org.assertj.core.groups.Tuple.tuple(ProviderInfo.Kind.TRANSCRIBER, "counting", true),
            org.assertj.core.groups.Tuple.tuple(ProviderInfo.Kind.VAD, "energy", true));
  }

  @Test
  void aProviderThatFailsToLoadIsSkipped() {
    assertThatThrownBy(Speech::synthesizer)
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("no synthesizer engine is available; found none");
  }

  @Test
  void picksTheBestAvailableEngine() {
    try (Transcriber t = Speech.transcriber(ModelRef.named("tiny"))) {
      Transcription result = t.transcribe(SpeechAudio.silence(Duration.ofSeconds(3), 16_000, 1),
          TranscriptionOptions.defaults());
      assertThat(result.text()).isEqualTo("second 0 second 1 second 2");
      assertThat(result.duration()).isEqualTo(3.0);
    }
  }

  /** Among available engines, the best one that can load the model; the rest never see it. */
  @Test
  void picksAnEngineThatCanLoadTheModel() {
    int before = FakeProviders.Picky.CREATED.get();
    try (Transcriber t = Speech.transcriber(ModelRef.named("picky-model"))) {
      assertThat(FakeProviders.Picky.CREATED.get()).isEqualTo(before + 1);
    }
    try (Transcriber t = Speech.transcriber(ModelRef.named("tiny"))) {
      assertThat(FakeProviders.Picky.CREATED.get()).as("picky cannot load tiny").isEqualTo(before + 1);
    }
  }

  @Test
  void systemPropertyOverridesTheChoice() {
    SystemProperties.with("speech4j.transcriber", "missing", () ->
        assertThatThrownBy(() -> Speech.transcriber(ModelRef.named("tiny")))
            .isInstanceOf(EngineUnavailableException.class)
            .hasMessageContaining("'missing' is unavailable: libmissing.so not found: apt-get install libmissing"));
  }

  @Test
  void unknownEngineListsWhatWasFound() {
    assertThatThrownBy(() -> Speech.transcriber("whisper-cpp", ModelRef.named("tiny")))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("no transcriber engine named 'whisper-cpp'")
        .hasMessageContaining("counting")
        .hasMessageContaining("missing (unavailable: libmissing.so not found");
  }

  @Test
  void energyIsTheFallbackVad() {
    try (VoiceActivityDetector vad = Speech.vad()) {
      assertThat(vad.sampleRate()).isEqualTo(16_000);
    }
    assertThatThrownBy(() -> Speech.vad("energy", ModelRef.named("x"), EngineOptions.defaults()))
        .isInstanceOf(InvalidModelException.class);
  }
}
