package dev.speech4j.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompressionRatioTest {
  /** Python's {@code len(b) / len(zlib.compress(b))} for the same texts. */
  @Test
  void isZlibDefaultLevel() {
    assertThat(CompressionRatio.of("hello hello hello hello hello hello")).isEqualTo(2.0588235294117645);
    assertThat(CompressionRatio.of("And so my fellow Americans")).isEqualTo(0.7647058823529411);
    assertThat(CompressionRatio.of("")).isZero();
  }
}
