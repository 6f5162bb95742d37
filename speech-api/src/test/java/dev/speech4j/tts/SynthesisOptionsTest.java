package dev.speech4j.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidOptionsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SynthesisOptionsTest {

  @Test
  void defaultsDeferToTheVoice() {
    SynthesisOptions o = SynthesisOptions.defaults();
    assertThat(o.voice()).isNull();
    assertThat(o.speaker()).isNull();
    assertThat(o.speed()).isEqualTo(1.0);
    assertThat(o.pitch()).isEmpty();
    assertThat(o.volume()).isEqualTo(1.0);
    assertThat(o.noiseScale()).isEmpty();
    assertThat(o.noiseW()).isEmpty();
    assertThat(o.sentenceSilence()).isEqualTo(Duration.ofMillis(200));
    assertThat(o.sampleRate()).isZero();
  }

  @Test
  void buildsAndRoundTrips() {
    SynthesisOptions o = SynthesisOptions.builder().voice("en-us").speaker("3").speed(1.5).pitch(60).volume(0.8)
        .noiseScale(0.5).noiseW(0.7).sentenceSilence(Duration.ZERO).sampleRate(16_000).build();
    assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
    assertThat(o.pitch()).hasValue(60);
    assertThat(o.noiseW()).hasValue(0.7);
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> SynthesisOptions.builder().speed(0)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> SynthesisOptions.builder().speed(Double.NaN)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> SynthesisOptions.builder().pitch(101)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> SynthesisOptions.builder().volume(-1)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> SynthesisOptions.builder().noiseScale(-0.1)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> SynthesisOptions.builder().sentenceSilence(Duration.ofMillis(-1)))
        .isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> SynthesisOptions.builder().sampleRate(-8000)).isInstanceOf(InvalidOptionsException.class);
  }
}
