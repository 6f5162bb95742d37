package dev.speech4j.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelDimsTest {
  private static ModelDims vocabulary(int nVocab) {
    return new ModelDims(80, 1500, 384, 6, 4, nVocab, 448, 384, 6, 4);
  }

  /** openai/whisper's rules: 223 prompt tokens, 224 sampled, 0.02 s timestamps; 99 or 100 languages. */
  @Test
  void rulesFollowFromTheDimensions() {
    ModelDims english = vocabulary(51864);
    assertThat(english.promptLimit()).isEqualTo(223);
    assertThat(english.sampleLimit()).isEqualTo(224);
    assertThat(english.timePrecision()).isEqualTo(0.02);
    assertThat(english.multilingual()).isFalse();
    assertThat(english.languageCount()).isZero();
    assertThat(vocabulary(51865).languageCount()).isEqualTo(99);
    assertThat(vocabulary(51866).languageCount()).isEqualTo(100);
  }
}
