package dev.speech4j.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.vad.VadOptions;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TranscriptionOptionsTest {

  /** Pins every default against openai/whisper's transcribe() CLI and faster-whisper. */
  @Test
  void defaultsMirrorOpenaiWhisperAndFasterWhisper() {
    TranscriptionOptions o = TranscriptionOptions.defaults();
    assertThat(o.language()).isNull();
    assertThat(o.task()).isEqualTo(Task.TRANSCRIBE);
    assertThat(o.temperatures()).containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
    assertThat(o.beamSize()).isEqualTo(5);
    assertThat(o.bestOf()).isEqualTo(5);
    assertThat(o.patience()).isEqualTo(1.0);
    assertThat(o.lengthPenalty()).isEmpty();
    assertThat(o.compressionRatioThreshold()).hasValue(2.4);
    assertThat(o.logProbThreshold()).hasValue(-1.0);
    assertThat(o.noSpeechThreshold()).hasValue(0.6);
    assertThat(o.conditionOnPreviousText()).isTrue();
    assertThat(o.promptResetOnTemperature()).isEqualTo(0.5);
    assertThat(o.initialPrompt()).isNull();
    assertThat(o.prefix()).isNull();
    assertThat(o.suppressBlank()).isTrue();
    assertThat(o.suppressTokens()).containsExactly(-1);
    assertThat(o.withoutTimestamps()).isFalse();
    assertThat(o.maxInitialTimestamp()).hasValue(1.0);
    assertThat(o.wordTimestamps()).isFalse();
    assertThat(o.prependPunctuations()).isEqualTo("\"'“¿([{-");
    assertThat(o.appendPunctuations()).isEqualTo("\"'.。,，!！?？:：”)]}、");
    assertThat(o.clipTimestamps()).containsExactly(0.0);
    assertThat(o.hallucinationSilenceThreshold()).isEmpty();
    assertThat(o.maxNewTokens()).isEmpty();
    assertThat(o.seed()).isZero();
    assertThat(o.vadFilter()).isFalse();
    assertThat(o.vadOptions()).isEqualTo(VadOptions.forTranscription());
  }

  @Test
  void toBuilderRoundTripsEveryField() {
    TranscriptionOptions custom = TranscriptionOptions.builder()
        .language("fr").task(Task.TRANSLATE).temperatures(List.of(0.0, 0.5)).beamSize(3).bestOf(2)
        .patience(1.5).lengthPenalty(0.6).compressionRatioThreshold(null).logProbThreshold(-2.0)
        .noSpeechThreshold(0.3).conditionOnPreviousText(false).promptResetOnTemperature(0.2)
        .initialPrompt("Glossary: Kubernetes.").prefix("So").suppressBlank(false).suppressTokens(List.of(1, 2))
        .withoutTimestamps(true).maxInitialTimestamp(null).wordTimestamps(true).prependPunctuations("(")
        .appendPunctuations(")").clipTimestamps(List.of(1.0, 2.0)).hallucinationSilenceThreshold(2.0)
        .maxNewTokens(100).seed(42).vadFilter(true).vadOptions(VadOptions.defaults())
        .build();

    assertThat(custom.toBuilder().build()).isEqualTo(custom).hasSameHashCodeAs(custom);
    assertThat(custom).isNotEqualTo(TranscriptionOptions.defaults());
    assertThat(custom.compressionRatioThreshold()).isEmpty();
    assertThat(custom.maxInitialTimestamp()).isEmpty();
    assertThat(custom.toString()).contains("language=fr", "beamSize=3", "seed=42");
  }

  @Test
  void valuesAreImmutable() {
    List<Double> temperatures = new java.util.ArrayList<>(List.of(0.0));
    TranscriptionOptions o = TranscriptionOptions.builder().temperatures(temperatures).build();
    temperatures.add(1.0);
    assertThat(o.temperatures()).containsExactly(0.0);
    assertThatThrownBy(() -> o.temperatures().add(2.0)).isInstanceOf(UnsupportedOperationException.class);
  }

  static Stream<Consumer<TranscriptionOptions.Builder>> invalidSettings() {
    return Stream.of(
        b -> b.language("English"),
        b -> b.language("EN"),
        b -> b.temperatures(List.of()),
        b -> b.temperatures(List.of(-0.1)),
        b -> b.temperature(Double.NaN),
        b -> b.temperature(Double.POSITIVE_INFINITY),
        b -> b.beamSize(0),
        b -> b.bestOf(-1),
        b -> b.patience(0),
        b -> b.lengthPenalty(1.5),
        b -> b.compressionRatioThreshold(Double.NaN),
        b -> b.logProbThreshold(Double.NEGATIVE_INFINITY),
        b -> b.noSpeechThreshold(1.2),
        b -> b.promptResetOnTemperature(-1),
        b -> b.suppressTokens(List.of(-2)),
        b -> b.maxInitialTimestamp(-1.0),
        b -> b.clipTimestamps(List.of()),
        b -> b.clipTimestamps(List.of(5.0, 2.0)),
        b -> b.clipTimestamps(List.of(-1.0)),
        b -> b.hallucinationSilenceThreshold(0.0),
        b -> b.maxNewTokens(0),
        // bounded before anything is allocated for them
        b -> b.beamSize(TranscriptionOptions.MAX_CANDIDATES + 1),
        b -> b.beamSize(1_000_000),
        b -> b.bestOf(2000),
        b -> b.temperature(TranscriptionOptions.MAX_TEMPERATURE + 0.1),
        b -> b.temperatures(Collections.nCopies(TranscriptionOptions.MAX_TEMPERATURES + 1, 0.0)),
        b -> b.initialPrompt("x".repeat(TranscriptionOptions.MAX_PROMPT_CHARS + 1)),
        b -> b.prefix("x".repeat(TranscriptionOptions.MAX_PROMPT_CHARS + 1)),
        b -> b.maxNewTokens(TranscriptionOptions.MAX_NEW_TOKENS + 1),
        b -> b.suppressTokens(Collections.nCopies(TranscriptionOptions.MAX_LIST_LENGTH + 1, 1)),
        b -> b.clipTimestamps(Collections.nCopies(TranscriptionOptions.MAX_LIST_LENGTH + 1, 0.0)),
        b -> b.appendPunctuations(".".repeat(TranscriptionOptions.MAX_LIST_LENGTH + 1)));
  }

  /** The limits themselves are allowed: openai's own settings fit well inside them. */
  @Test
  void limitsAreInclusive() {
    TranscriptionOptions o = TranscriptionOptions.builder().beamSize(TranscriptionOptions.MAX_CANDIDATES)
        .bestOf(TranscriptionOptions.MAX_CANDIDATES).temperature(TranscriptionOptions.MAX_TEMPERATURE)
        .maxNewTokens(TranscriptionOptions.MAX_NEW_TOKENS)
        .initialPrompt("x".repeat(TranscriptionOptions.MAX_PROMPT_CHARS)).build();
    assertThat(o.beamSize()).isEqualTo(32);
    assertThat(o.maxNewTokens()).hasValue(448);
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void rejectsOutOfRangeValuesWhenSet(Consumer<TranscriptionOptions.Builder> setting) {
    assertThatThrownBy(() -> setting.accept(TranscriptionOptions.builder()))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("must");
  }

  @Test
  void hallucinationThresholdNeedsWordTimestamps() {
    var builder = TranscriptionOptions.builder().hallucinationSilenceThreshold(2.0);
    assertThatThrownBy(builder::build)
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("wordTimestamps");
  }
}
