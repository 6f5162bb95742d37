package dev.speech4j.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PowerSpectrumTest {

  /** Against the DFT's definition on random frames (a fresh seed each run, printed), for several lengths. */
  @ParameterizedTest
  @ValueSource(ints = {400, 2, 8, 10, 50, 160, 1000})
  void matchesTheDefinitionOfTheDft(int n) {
    long seed = new SplittableRandom().nextLong();
    System.out.println("PowerSpectrumTest n=" + n + " seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    PowerSpectrum spectrum = new PowerSpectrum(n);
    double[] frame = new double[n];
    double[] power = new double[spectrum.bins()];
    for (int trial = 0; trial < 5; trial++) {
      for (int i = 0; i < n; i++) {
        frame[i] = random.nextDouble(-1, 1);
      }
      spectrum.compute(frame, power);
      for (int f = 0; f <= n / 2; f++) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
          re += frame[i] * Math.cos(2 * Math.PI * f * i / n);
          im -= frame[i] * Math.sin(2 * Math.PI * f * i / n);
        }
        double expected = re * re + im * im;
        assertThat(power[f]).as("seed " + seed + " bin " + f).isCloseTo(expected,
            org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, expected)));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 42})
  void refusesLengthsItCannotFactor(int n) {
    assertThatThrownBy(() -> new PowerSpectrum(n)).isInstanceOf(IllegalArgumentException.class);
  }
}
