package dev.speech4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compares the resampler with SoX's very-high-quality linear-phase {@code rate -v} on a logarithmic sweep through
 * the passband (20 Hz to 0.9 of the lower Nyquist frequency), in 32-bit float WAV so quantisation plays no part.
 * SoX's linear-phase filter is delay-compensated, so the outputs line up sample for sample; the test checks that by
 * cross-correlation and then requires an SNR of at least 60 dB over the interior (50 ms trimmed at each end).
 */
class ResamplerSoxTest {
  private static final double EDGE_SECONDS = 0.05;

  @TempDir
  Path dir;

  @BeforeAll
  static void soxIsInstalled() {
    boolean found;
    try {
      Process sox = new ProcessBuilder("sox", "--version").redirectErrorStream(true).start();
      sox.getInputStream().readAllBytes();
      found = sox.waitFor(10, TimeUnit.SECONDS) && sox.exitValue() == 0;
    } catch (IOException e) {
      found = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      found = false;
    }
    assumeTrue(found, "sox is not installed");
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({"44100, 16000", "16000, 8000", "22050, 16000", "8000, 16000", "48000, 16000", "16000, 44100"})
  void sweepMatchesSoxVeryHighQuality(int from, int to) throws Exception {
    float[] sweep = Signals.chirp(20, 0.9 * Math.min(from, to) / 2, 0.5, from, 3 * from);
    Path in = dir.resolve("in.wav");
    Path out = dir.resolve("out.wav");
    Files.write(in, floatWav(sweep, from));
    sox(in.toString(), "-e", "floating-point", "-b", "32", out.toString(), "rate", "-v", String.valueOf(to));
    float[] reference = readFloatWav(Files.readAllBytes(out));

    float[] ours = SpeechAudio.of(sweep, from).resample(to).samples();

    assertThat(ours.length).as("frames, ours against sox").isEqualTo(reference.length);
    int edge = (int) (EDGE_SECONDS * to);
    assertThat(bestLag(ours, reference, edge, ours.length - edge, 20))
        .as("delay of ours against sox, in samples")
        .isZero();
    double snr = Signals.snrDb(ours, reference, edge, ours.length - edge);
    assertThat(snr).as("SNR against sox, dB").isGreaterThanOrEqualTo(60);
  }

  private static void sox(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sox", "-V1"));
    command.addAll(List.of(args));
    Process sox = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(sox.getInputStream().readAllBytes());
    assertThat(sox.waitFor(60, TimeUnit.SECONDS)).as("sox finished").isTrue();
    assertThat(sox.exitValue()).as("sox exit status; output: %s", output).isZero();
  }

  /** The shift of {@code actual} against {@code reference}, within {@code ±most}, that correlates best. */
  private static int bestLag(float[] actual, float[] reference, int from, int to, int most) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int lag = -most; lag <= most; lag++) {
      double score = 0;
      for (int i = from; i < to; i++) {
        int j = i + lag;
        if (j >= 0 && j < actual.length) {
          score += (double) actual[j] * reference[i];
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = lag;
      }
    }
    return best;
  }

  /** A mono 32-bit IEEE float WAV file. */
  private static byte[] floatWav(float[] samples, int rate) {
    ByteBuffer wav = ByteBuffer.allocate(44 + 4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(36 + 4 * samples.length).put("WAVE".getBytes());
    wav.put("fmt ".getBytes()).putInt(16).putShort((short) 3).putShort((short) 1).putInt(rate).putInt(4 * rate)
        .putShort((short) 4).putShort((short) 32);
    wav.put("data".getBytes()).putInt(4 * samples.length);
    for (float s : samples) {
      wav.putFloat(s);
    }
    return wav.array();
  }

  /** The samples of a mono 32-bit float WAV file, whatever chunks precede its data. */
  private static float[] readFloatWav(byte[] bytes) {
    ByteBuffer wav = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    wav.position(12);
    while (wav.remaining() >= 8) {
      byte[] id = new byte[4];
      wav.get(id);
      int size = wav.getInt();
      if (new String(id).equals("data")) {
        float[] samples = new float[Math.min(size, wav.remaining()) / 4];
        wav.asFloatBuffer().get(samples);
        return samples;
      }
      wav.position(wav.position() + size + (size & 1));
    }
    throw new AssertionError("no data chunk in the WAV file sox wrote");
  }
}
