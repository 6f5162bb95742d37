package dev.speech4j.audio;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlacReaderTest {
  private static final Path JFK = SharedData.testdata("jfk.flac");

  @TempDir
  Path dir;

  @Test
  void jfkDecodesBitExactlyLikeTheFlacCli() throws Exception {
    Path raw = dir.resolve("jfk.raw");
    flac("-d", "--force-raw-format", "--endian=little", "--sign=signed", "-o", raw.toString(), JFK.toString());
    long[] expected = readRaw(raw, 24);

    try (AudioSource source = Audio.open(JFK)) {
      assertThat(source.sampleRate()).isEqualTo(44_100);
      assertThat(source.channels()).isEqualTo(2);
      assertThat(source.frameCount()).isEqualTo(expected.length / 2);
      assertThat(source.description()).isEqualTo("FLAC 24-bit");
      assertSamples(source.readAll().samples(), expected, 24);
    }
  }

  static Stream<Arguments> encodings() {
    return Stream.of(
        Arguments.of(16, 1, 44_100, List.of("-0")),
        Arguments.of(16, 2, 44_100, List.of("-5")),
        Arguments.of(16, 2, 48_000, List.of("-8", "-b", "4096")),
        Arguments.of(8, 2, 8_000, List.of("-3", "-b", "576")),
        Arguments.of(8, 1, 11_025, List.of("--lax", "-6", "-b", "16")),
        Arguments.of(24, 2, 96_000, List.of("-8", "-b", "1152")),
        Arguments.of(24, 6, 48_000, List.of("-5", "--padding=200000")),
        Arguments.of(20, 1, 44_110, List.of("--lax", "-7", "-b", "65535")),
        Arguments.of(16, 2, 12_000, List.of("--lax", "-8", "-l", "32", "-b", "8192")),
        Arguments.of(24, 1, 16_000, List.of("--lax", "-l", "32", "-q", "15", "-r", "15", "-b", "2304")),
        Arguments.of(12, 1, 22_050, List.of("-1", "-b", "192")));
  }

  @ParameterizedTest(name = "{0}-bit {1} ch {2} Hz {3}")
  @MethodSource("encodings")
  void flacCliEncodingsDecodeBitExactly(int bits, int channels, int rate, List<String> options) throws Exception {
    long[] signal = testSignal(bits, channels, 30_011);
    Path flac = encode(signal, bits, channels, rate, options);

    try (AudioSource source = Audio.open(flac)) {
      assertThat(source.sampleRate()).isEqualTo(rate);
      assertThat(source.channels()).isEqualTo(channels);
      assertThat(source.frameCount()).isEqualTo(signal.length / channels);
      assertSamples(source.readAll().samples(), signal, bits);
    }
  }

  @Test
  void thirtyTwoBitEncodingDecodesBitExactly() throws Exception {
    assumeTrue(flacVersion().compareTo("flac 1.4") >= 0, "32-bit FLAC needs flac 1.4 or later");
    long[] signal = testSignal(32, 2, 20_000);
    Path flac = encode(signal, 32, 2, 48_000, List.of("-8"));

    try (AudioSource source = Audio.open(flac)) {
      assertSamples(source.readAll().samples(), signal, 32);
    }
  }

  @Test
  void handWrittenStreamWithEveryCodingDecodes() {
    Random random = new Random(7);
    long[] verbatim = {1234};
    long[] wasted = new long[192];
    for (int i = 0; i < wasted.length; i++) {
      wasted[i] = ((i * 37 % 200) - 100) * 8L;
    }
    long[] fixed = new long[4096];
    for (int i = 0; i < fixed.length; i++) {
      fixed[i] = Math.round(9000 * Math.sin(i * 0.05)) + random.nextInt(64);
    }
    long[] lpc = new long[100];
    long[] coefficients = {1500, -700, 200};
    for (int i = 0; i < lpc.length; i++) {
      lpc[i] = random.nextInt(2000) - 1000;
    }
    FlacStreamWriter stream = new FlacStreamWriter(16_000, 1, 16, 1 + 300 + 192 + 4096 + 100)
        .verbatimFrame(0, verbatim)
        .frame(300, 0, w -> w.bits(0, 1).bits(0, 6).bits(0, 1).bits(-5, 16))
        .frame(192, 0, w -> {
          w.bits(0, 1).bits(1, 6).bits(1, 1).bits(0b001, 3);
          for (long s : wasted) {
            w.bits(s >> 3, 13);
          }
        })
        .frame(4096, 0, w -> {
          w.bits(0, 1).bits(8 + 2, 6).bits(0, 1).bits(fixed[0], 16).bits(fixed[1], 16);
          w.bits(1, 2).bits(2, 4);
          for (int p = 0; p < 4; p++) {
            w.bits(p == 0 ? 31 : 11, 5);
            if (p == 0) {
              w.bits(17, 5);
            }
            for (int i = Math.max(2, p * 1024); i < (p + 1) * 1024; i++) {
              long residual = fixed[i] - (2 * fixed[i - 1] - fixed[i - 2]);
              if (p == 0) {
                w.bits(residual, 17);
              } else {
                w.rice(residual, 11);
              }
            }
          }
        })
        .frame(100, 0, w -> {
          w.bits(0, 1).bits(31 + 3, 6).bits(0, 1);
          for (int i = 0; i < 3; i++) {
            w.bits(lpc[i], 16);
          }
          w.bits(12 - 1, 4).bits(10, 5);
          for (long c : coefficients) {
            w.bits(c, 12);
          }
          w.bits(0, 2).bits(0, 4).bits(14, 4);
          for (int i = 3; i < lpc.length; i++) {
            long prediction = (coefficients[0] * lpc[i - 1] + coefficients[1] * lpc[i - 2]
                + coefficients[2] * lpc[i - 3]) >> 10;
            w.rice(lpc[i] - prediction, 14);
          }
        });
    long[] expected = concat(verbatim, constant(300, -5), wasted, fixed, lpc);

    try (AudioSource source = open(stream.bytes())) {
      assertThat(source.frameCount()).isEqualTo(expected.length);
      assertSamples(source.readAll().samples(), expected, 16);
    }
  }

  @ParameterizedTest(name = "channel assignment {0}")
  @ValueSource(ints = {1, 8, 9, 10})
  void thirtyTwoBitStereoWithThirtyThreeBitSideChannelDecodes(int channelCode) {
    long[] left = {Integer.MAX_VALUE, Integer.MIN_VALUE, 0, -1, Integer.MIN_VALUE};
    long[] right = {Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE};
    long[] first = left.clone();
    long[] second = right.clone();
    for (int i = 0; i < left.length; i++) {
      long side = left[i] - right[i];
      switch (channelCode) {
        case 8 -> second[i] = side;
        case 9 -> first[i] = side;
        case 10 -> {
          first[i] = (left[i] + right[i]) >> 1;
          second[i] = side;
        }
        default -> { }
      }
    }
    byte[] bytes = new FlacStreamWriter(48_000, 2, 32, 0).verbatimFrame(channelCode, first, second).bytes();

    long[] expected = new long[left.length * 2];
    for (int i = 0; i < left.length; i++) {
      expected[2 * i] = left[i];
      expected[2 * i + 1] = right[i];
    }
    try (AudioSource source = open(bytes)) {
      assertThat(source.frameCount()).isEqualTo(-1);
      assertSamples(source.readAll().samples(), expected, 32);
    }
  }

  @Test
  void negativeLpcShiftIsRejected() {
    byte[] bytes = new FlacStreamWriter(16_000, 1, 16, 0)
        .verbatimFrame(0, new long[] {1, 2, 3})
        .frame(64, 0, w -> w.bits(0, 1).bits(32, 6).bits(0, 1).bits(0, 16).bits(11, 4).bits(-2, 5).bits(0, 12))
        .bytes();

    assertThatThrownBy(() -> readAll(bytes))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("FLAC frame 1 at 0.00 s")
        .hasMessageContaining("LPC shift -2 is negative");
  }

  @Test
  void reservedSubframeTypeIsRejected() {
    byte[] bytes = new FlacStreamWriter(16_000, 1, 16, 0)
        .frame(64, 0, w -> w.bits(0, 1).bits(2, 6).bits(0, 1))
        .bytes();

    assertThatThrownBy(() -> readAll(bytes))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("FLAC frame 0")
        .hasMessageContaining("subframe type 2 is reserved");
  }

  @Test
  void corruptSampleIsCaughtByFrameCrc() {
    byte[] bytes = new FlacStreamWriter(16_000, 1, 16, 0)
        .verbatimFrame(0, new long[] {1, 2, 3, 4, 5, 6, 7, 8})
        .verbatimFrame(0, new long[] {1, 2, 3, 4, 5, 6, 7, 8})
        .bytes();
    bytes[bytes.length - 6] ^= 0x10;

    assertThatThrownBy(() -> readAll(bytes))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageStartingWith("test.flac: FLAC frame 1 at 0.00 s: frame CRC-16 mismatch");
  }

  @Test
  void corruptFrameHeaderIsCaughtByHeaderCrc() {
    byte[] bytes = new FlacStreamWriter(16_000, 1, 16, 0).verbatimFrame(0, new long[] {1, 2, 3}).bytes();
    int frameStart = 4 + 4 + 34;
    bytes[frameStart + 4] ^= 0x01;

    assertThatThrownBy(() -> readAll(bytes))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("frame header CRC-8 mismatch");
  }

  @Test
  void corruptByteInJfkIsDetected() throws IOException {
    byte[] bytes = Files.readAllBytes(JFK);
    byte[] lastCrc = bytes.clone();
    lastCrc[lastCrc.length - 1] ^= 0x5A;
    byte[] middle = bytes.clone();
    middle[middle.length / 2] ^= 0x5A;

    assertThatThrownBy(() -> readAll(lastCrc))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageMatching("test\\.flac: FLAC frame \\d+ at 10\\.\\d\\d s: frame CRC-16 mismatch.*");
    assertThatThrownBy(() -> readAll(middle))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageMatching("test\\.flac: FLAC frame \\d+ at [456]\\.\\d\\d s: .*");
  }

  @ParameterizedTest(name = "cut at {0}")
  @ValueSource(doubles = {0.00003, 0.0004, 0.002, 0.1, 0.5, 0.9, 0.99999})
  void truncatedJfkIsRejected(double fraction) throws IOException {
    byte[] bytes = Files.readAllBytes(JFK);
    byte[] cut = Arrays.copyOf(bytes, (int) (bytes.length * fraction));

    assertThatThrownBy(() -> readAll(cut))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void garbageAfterMarkerIsRejected() {
    byte[] bytes = new byte[200];
    new Random(3).nextBytes(bytes);
    System.arraycopy("fLaC".getBytes(US_ASCII), 0, bytes, 0, 4);
    bytes[4] = 0x45;

    assertThatThrownBy(() -> readAll(bytes))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageStartingWith("test.flac: FLAC metadata: the first block must be STREAMINFO");
  }

  @Test
  void zeroSampleRateIsRejected() {
    byte[] bytes = new FlacStreamWriter(0, 1, 16, 0).bytes();

    assertThatThrownBy(() -> readAll(bytes))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessage("test.flac: FLAC STREAMINFO: sample rate is 0 Hz; the file is corrupt");
  }

  @Test
  void frameDisagreeingWithStreamInfoIsRejected() {
    byte[] bytes = new FlacStreamWriter(16_000, 2, 16, 0).verbatimFrame(0, new long[] {1, 2}).bytes();

    assertThatThrownBy(() -> readAll(bytes))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("the frame has 1 channels, but STREAMINFO declares 2");
  }

  private static AudioSource open(byte[] bytes) {
    return FlacReader.open(new ByteArrayInputStream(bytes), "test.flac");
  }

  private static void readAll(byte[] bytes) {
    try (AudioSource source = open(bytes)) {
      source.readAll();
    }
  }

  private static void assertSamples(float[] actual, long[] expected, int bits) {
    assertThat(actual).hasSize(expected.length);
    float scale = (float) (1.0 / (1L << (bits - 1)));
    for (int i = 0; i < expected.length; i++) {
      if (actual[i] != expected[i] * scale) {
        throw new AssertionError("sample " + i + ": expected " + expected[i] + " but decoded "
            + (double) actual[i] / scale);
      }
    }
  }

  /** Sines, a random walk, full-scale extremes, silence and noise, so that every subframe type turns up. */
  private static long[] testSignal(int bits, int channels, int frames) {
    Random random = new Random(bits * 31L + channels);
    long max = (1L << (bits - 1)) - 1;
    long min = -max - 1;
    long[] signal = new long[frames * channels];
    long walk = 0;
    for (int f = 0; f < frames; f++) {
      walk = Math.max(min / 4, Math.min(max / 4, walk + (long) (random.nextGaussian() * (max >> 8))));
      for (int c = 0; c < channels; c++) {
        long value;
        if (f < 3000) {
          value = (long) (0.6 * max * Math.sin(f * 0.01 * (c + 1))) + walk + (c == 0 ? 0 : random.nextInt(3));
        } else if (f < 6000) {
          value = 0;
        } else if (f < 9000) {
          value = random.nextLong() >> (64 - bits);
        } else if (f < 9100) {
          value = f % 2 == 0 ? max : min;
        } else if (f < 15000) {
          value = ((long) (0.3 * max * Math.sin(f * 0.003)) >> 4) << 4;
        } else {
          value = walk + (long) (0.2 * max * Math.sin(f * 0.02 + c));
        }
        signal[f * channels + c] = Math.max(min, Math.min(max, value));
      }
    }
    return signal;
  }

  /** Encodes with the flac CLI from raw PCM, or from WAVE_FORMAT_EXTENSIBLE for widths that raw input lacks. */
  private Path encode(long[] signal, int bits, int channels, int rate, List<String> options) throws Exception {
    int bytesPerSample = (bits + 7) / 8;
    boolean wav = bits % 8 != 0;
    int header = wav ? 68 : 0;
    ByteBuffer data = ByteBuffer.allocate(header + signal.length * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
    if (wav) {
      data.put("RIFF".getBytes(US_ASCII)).putInt(data.capacity() - 8).put("WAVEfmt ".getBytes(US_ASCII))
          .putInt(40).putShort((short) 0xFFFE).putShort((short) channels).putInt(rate)
          .putInt(rate * channels * bytesPerSample).putShort((short) (channels * bytesPerSample))
          .putShort((short) (8 * bytesPerSample)).putShort((short) 22).putShort((short) bits).putInt(4)
          .putLong(0x0010_0000_0000_0001L).putLong(0x719B_3800_AA00_0080L)
          .put("data".getBytes(US_ASCII)).putInt(signal.length * bytesPerSample);
    }
    for (long s : signal) {
      long justified = wav ? s << (8 * bytesPerSample - bits) : s;
      for (int b = 0; b < bytesPerSample; b++) {
        data.put((byte) (justified >> (8 * b)));
      }
    }
    Path input = dir.resolve(wav ? "signal.wav" : "signal.raw");
    Files.write(input, data.array());
    Path output = dir.resolve("signal.flac");
    List<String> args = new ArrayList<>(List.of("-f", "-o", output.toString()));
    if (!wav) {
      args.addAll(List.of("--force-raw-format", "--endian=little", "--sign=signed", "--channels=" + channels,
          "--bps=" + bits, "--sample-rate=" + rate));
    }
    args.addAll(options);
    args.add(input.toString());
    flac(args.toArray(String[]::new));
    return output;
  }

  private static long[] readRaw(Path file, int bits) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int bytesPerSample = (bits + 7) / 8;
    long[] samples = new long[bytes.length / bytesPerSample];
    for (int i = 0; i < samples.length; i++) {
      long value = 0;
      for (int b = 0; b < bytesPerSample; b++) {
        value |= (bytes[i * bytesPerSample + b] & 0xFFL) << (8 * b);
      }
      samples[i] = value << (64 - bits) >> (64 - bits);
    }
    return samples;
  }

  private static long[] constant(int n, long value) {
    long[] out = new long[n];
    Arrays.fill(out, value);
    return out;
  }

  private static long[] concat(long[]... parts) {
    return Arrays.stream(parts).flatMapToLong(Arrays::stream).toArray();
  }

  private static String flacVersion() throws InterruptedException {
    try {
      Process process = new ProcessBuilder("flac", "--version").redirectErrorStream(true).start();
      String version = new String(process.getInputStream().readAllBytes()).trim();
      return process.waitFor() == 0 ? version : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void flac(String... args) throws Exception {
    assumeTrue(!flacVersion().isEmpty(), "the flac CLI is not installed");
    List<String> command = new ArrayList<>(List.of("flac", "-s"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as("flac %s: %s", command, output).isZero();
  }
}
