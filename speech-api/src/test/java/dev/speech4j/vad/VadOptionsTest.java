package dev.speech4j.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidOptionsException;
import org.junit.jupiter.api.Test;

class VadOptionsTest {

  @Test
  void defaultsAreSileros() {
    VadOptions o = VadOptions.defaults();
    assertThat(o.threshold()).isEqualTo(0.5f);
    assertThat(o.negThreshold()).isEqualTo(0.35f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(o.minSpeechMs()).isEqualTo(250);
    assertThat(o.minSilenceMs()).isEqualTo(100);
    assertThat(o.speechPadMs()).isEqualTo(30);
    assertThat(o.maxSpeechSeconds()).isInfinite();
  }

  @Test
  void transcriptionDefaultsAreFasterWhispers() {
    VadOptions o = VadOptions.forTranscription();
    assertThat(o.threshold()).isEqualTo(0.5f);
    assertThat(o.minSpeechMs()).isZero();
    assertThat(o.minSilenceMs()).isEqualTo(2000);
    assertThat(o.speechPadMs()).isEqualTo(400);
    assertThat(o.maxSpeechSeconds()).isInfinite();
  }

  @Test
  void negThresholdFollowsThresholdUnlessSet() {
    assertThat(VadOptions.builder().threshold(0.7f).build().negThreshold()).isEqualTo(0.55f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(VadOptions.builder().threshold(0.1f).build().negThreshold()).isEqualTo(0.01f);
    assertThat(VadOptions.builder().negThreshold(0.2f).build().negThreshold()).isEqualTo(0.2f);
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> VadOptions.builder().threshold(1.5f)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> VadOptions.builder().threshold(Float.NaN)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> VadOptions.builder().minSilenceMs(-1)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> VadOptions.builder().maxSpeechSeconds(0)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> VadOptions.builder().threshold(0.3f).negThreshold(0.4f).build())
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("negThreshold");
  }

  @Test
  void toBuilderRoundTrips() {
    VadOptions o = VadOptions.builder().threshold(0.6f).minSpeechMs(100).minSilenceMs(500).speechPadMs(10)
        .maxSpeechSeconds(20).build();
    assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
    assertThat(o).isNotEqualTo(VadOptions.defaults());
  }
}
