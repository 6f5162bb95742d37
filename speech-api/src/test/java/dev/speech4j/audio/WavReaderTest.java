package dev.speech4j.audio;

import static dev.speech4j.audio.WavBytes.FLOAT;
import static dev.speech4j.audio.WavBytes.PCM;
import static dev.speech4j.audio.WavBytes.ascii;
import static dev.speech4j.audio.WavBytes.chunk;
import static dev.speech4j.audio.WavBytes.ds64;
import static dev.speech4j.audio.WavBytes.extensible;
import static dev.speech4j.audio.WavBytes.file;
import static dev.speech4j.audio.WavBytes.fmt;
import static dev.speech4j.audio.WavBytes.le16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.UnsupportedAudioException;
import dev.speech4j.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavReaderTest {

  @Test
  void readsJfk() throws IOException {
    Path wav = SharedData.testdata("jfk.wav");
    try (AudioSource source = Audio.open(wav)) {
      assertThat(source.sampleRate()).isEqualTo(16_000);
      assertThat(source.channels()).isEqualTo(1);
      assertThat(source.frameCount()).isEqualTo(176_000);
      assertThat(source.description()).isEqualTo("WAV PCM 16-bit");
      SpeechAudio audio = source.readAll();
      assertThat(audio.seconds()).isEqualTo(11.0);
      assertThat(audio.samples()).isEqualTo(pcm16After(Files.readAllBytes(wav), "data"));
    }
  }

  @Test
  void readsLjSpeechClip() throws IOException {
    Path wav = SharedData.testdata("ljspeech-coqui/LJ001-0001.wav");
    SpeechAudio audio = Audio.read(wav);
    assertThat(audio.sampleRate()).isEqualTo(22_050);
    assertThat(audio.frames()).isEqualTo(212_893);
    assertThat(audio.samples()).isEqualTo(pcm16After(Files.readAllBytes(wav), "data"));
  }

  static Stream<Arguments> encodings() {
    return Stream.of(
        Arguments.of("WAV PCM 8-bit", fmt(PCM, 1, 8000, 8), new byte[] {0, 64, (byte) 128, (byte) 255},
            new float[] {-1f, -0.5f, 0f, 127 / 128f}),
        Arguments.of("WAV PCM 16-bit", fmt(PCM, 1, 8000, 16), le16(-32768, -1, 0, 16384, 32767),
            new float[] {-1f, -1 / 32768f, 0f, 0.5f, 32767 / 32768f}),
        Arguments.of("WAV PCM 24-bit", fmt(PCM, 1, 8000, 24), s24(-8388608, -1, 0, 4194304, 8388607),
            new float[] {-1f, -1 / 8388608f, 0f, 0.5f, 8388607 / 8388608f}),
        Arguments.of("WAV PCM 32-bit", fmt(PCM, 1, 8000, 32), s32(Integer.MIN_VALUE, -256, 0, 1 << 30),
            new float[] {-1f, -256 / 2147483648f, 0f, 0.5f}),
        Arguments.of("WAV float 32-bit", fmt(FLOAT, 1, 8000, 32), f32(-1f, -0.25f, 0f, 0.75f, 1.5f),
            new float[] {-1f, -0.25f, 0f, 0.75f, 1.5f}),
        Arguments.of("WAV float 64-bit", fmt(FLOAT, 1, 8000, 64), f64(-1, 0.1, 0, 0.5),
            new float[] {-1f, 0.1f, 0f, 0.5f}),
        Arguments.of("WAV PCM 20-bit", extensible(PCM, 1, 8000, 24, 20), s24(-8388608, 16, 4194304),
            new float[] {-1f, 16 / 8388608f, 0.5f}),
        Arguments.of("WAV float 32-bit", extensible(FLOAT, 1, 8000, 32, 32), f32(0.25f, -0.5f),
            new float[] {0.25f, -0.5f}),
        Arguments.of("WAV PCM 12-bit", fmt(PCM, 1, 8000, 12), le16(-32768, 0x7FF0),
            new float[] {-1f, 0x7FF0 / 32768f}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void decodesEveryEncoding(String description, byte[] fmt, byte[] data, float[] expected) {
    try (AudioSource source = open(file("RIFF", fmt, chunk("data", data)))) {
      assertThat(source.description()).isEqualTo(description);
      assertThat(source.frameCount()).isEqualTo(expected.length);
      assertThat(source.readAll().samples()).containsExactly(expected);
    }
  }

  @Test
  void decodesMultiChannelExtensibleInterleaved() {
    int[] codes = new int[6 * 100];
    Arrays.setAll(codes, i -> (i * 997) % 8388607 - 4194304);
    byte[] wav = file("RIFF", extensible(PCM, 6, 48_000, 24, 24), chunk("data", s24(codes)));
    try (AudioSource source = open(wav)) {
      assertThat(source.channels()).isEqualTo(6);
      SpeechAudio audio = source.readAll();
      assertThat(audio.frames()).isEqualTo(100);
      assertThat(audio.sample(42, 5)).isEqualTo(codes[42 * 6 + 5] / 8388608f);
    }
  }

  @Test
  void skipsUnknownChunksWithOddSizesAnywhereBeforeData() {
    byte[] wav = file("RIFF", chunk("JUNK", new byte[3]), fmt(PCM, 2, 16_000, 16),
        chunk("LIST", ascii("INFOISFT")), chunk("odd ", new byte[5]), chunk("data", le16(1, -1, 2, -2)),
        chunk("afte", new byte[7]));
    try (AudioSource source = open(wav)) {
      assertThat(source.readAll().samples()).containsExactly(1 / 32768f, -1 / 32768f, 2 / 32768f, -2 / 32768f);
    }
  }

  @Test
  void readsRf64AndBw64WithSizesInDs64() {
    byte[] data = le16(100, 200, 300);
    for (String magic : new String[] {"RF64", "BW64"}) {
      byte[] wav = file(magic, ds64(data.length, 3), fmt(PCM, 1, 16_000, 16),
          chunk("data", 0xFFFFFFFFL, data), chunk("LIST", new byte[10]));
      try (AudioSource source = open(wav)) {
        assertThat(source.description()).isEqualTo(magic + " PCM 16-bit");
        assertThat(source.frameCount()).isEqualTo(3);
        assertThat(source.readAll().samples()).containsExactly(100 / 32768f, 200 / 32768f, 300 / 32768f);
      }
    }
  }

  @Test
  void readsStreamedWavWithUnknownDataSizeToTheEnd() {
    for (long size : new long[] {0, 0xFFFFFFFFL}) {
      try (AudioSource source = open(file("RIFF", fmt(PCM, 1, 16_000, 16), chunk("data", size, le16(7, 8))))) {
        assertThat(source.frameCount()).isEqualTo(-1);
        assertThat(source.readAll().frames()).isEqualTo(2);
      }
    }
  }

  @Test
  void stopsAtTheDeclaredDataSize() {
    byte[] wav = file("RIFF", fmt(PCM, 1, 16_000, 16), chunk("data", 4, le16(1, 2)), chunk("LIST", new byte[8]));
    assertThat(open(wav).readAll().frames()).isEqualTo(2);
  }

  @Test
  void streamsInBoundedChunks() {
    byte[] data = new byte[2 * 300_000];
    byte[] wav = file("RIFF", fmt(PCM, 1, 16_000, 16), chunk("data", data));
    try (AudioSource source = open(wav)) {
      float[] buffer = new float[1 << 20];
      int first = source.read(buffer);
      assertThat(first).isPositive().isLessThan(300_000);
      long total = first;
      for (int n; (n = source.read(buffer)) > 0; ) {
        total += n;
      }
      assertThat(total).isEqualTo(300_000);
      assertThat(source.read(buffer)).isEqualTo(-1);
    }
  }

  @Test
  void crossChecksSoxConversionsOfJfk(@TempDir Path dir) throws Exception {
    Path jfk = SharedData.testdata("jfk.wav");
    float[] reference = Audio.read(jfk).samples();
    String[][] conversions = {{"-b", "24"}, {"-b", "32"}, {"-e", "floating-point", "-b", "32"},
        {"-e", "floating-point", "-b", "64"}, {"-b", "8"}};
    for (String[] options : conversions) {
      Path out = dir.resolve("out.wav");
      String[] command = concatArgs(new String[] {"sox", jfk.toString()}, options, new String[] {out.toString()});
      assumeTrue(run(command), "sox is not installed");
      SpeechAudio converted = Audio.read(out);
      assertThat(converted.frames()).as(Arrays.toString(options)).isEqualTo(176_000);
      float tolerance = options[options.length - 1].equals("8") ? 3 / 128f : 0f;
      float[] samples = converted.samples();
      for (int i = 0; i < samples.length; i += 97) {
        assertThat(samples[i]).as("%s sample %d", Arrays.toString(options), i)
            .isCloseTo(reference[i], offset(tolerance));
      }
    }
  }

  // ---- bad input

  private static final byte[] VALID = file("RIFF", fmt(PCM, 1, 16_000, 16), chunk("data", le16(1, 2, 3, 4)));

  @Test
  void rejectsEmptyStream() {
    assertThatThrownBy(() -> WavReader.open(new ByteArrayInputStream(new byte[0]), "x.wav"))
        .isInstanceOf(InvalidAudioException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Audio.open(new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(InvalidAudioException.class).hasMessageContaining("empty");
  }

  @Test
  void rejectsTruncationAtEveryHeaderOffset() {
    byte[] rf64 = file("RF64", ds64(8, 4), chunk("LIST", new byte[3]), extensible(PCM, 2, 16_000, 16, 16),
        chunk("data", 0xFFFFFFFFL, le16(1, 2, 3, 4)));
    for (byte[] wav : List.of(VALID, rf64)) {
      int headerBytes = wav.length - 8;
      assertThat(open(wav).readAll().frames()).isPositive();
      for (int length = 1; length < headerBytes; length++) {
        byte[] prefix = Arrays.copyOf(wav, length);
        assertThatThrownBy(() -> WavReader.open(new ByteArrayInputStream(prefix), "cut.wav"))
            .as("cut at %d", length).isInstanceOf(InvalidAudioException.class)
            .hasMessageStartingWith("cut.wav: WAV ").hasMessageContaining("truncated");
      }
    }
  }

  @Test
  void rejectsDataShorterThanDeclared() {
    for (int cut = 1; cut < 8; cut++) {
      byte[] prefix = Arrays.copyOf(VALID, VALID.length - cut);
      AudioSource source = open(prefix);
      assertThatThrownBy(source::readAll).isInstanceOf(InvalidAudioException.class)
          .hasMessageContaining("declares 8 bytes").hasMessageContaining("ended after " + (8 - cut));
    }
  }

  @Test
  void rejectsUnknownSizeDataEndingMidFrame() {
    AudioSource source = open(file("RIFF", fmt(PCM, 2, 16_000, 16), chunk("data", 0, new byte[6])));
    assertThatThrownBy(source::readAll).isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("ends mid-frame: 2 stray bytes");
  }

  @Test
  void rejectsWrongMagicAndForm() {
    byte[] notRiff = VALID.clone();
    notRiff[0] = 'X';
    assertThatThrownBy(() -> WavReader.open(new ByteArrayInputStream(notRiff), "a.wav"))
        .isInstanceOf(InvalidAudioException.class).hasMessageContaining("not a WAV file");
    byte[] avi = VALID.clone();
    System.arraycopy(ascii("AVI "), 0, avi, 8, 4);
    assertThatThrownBy(() -> open(avi)).isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("'AVI '").hasMessageContaining("not WAVE");
  }

  @Test
  void rejectsFmtAfterData() {
    byte[] wav = file("RIFF", chunk("data", le16(1, 2)), fmt(PCM, 1, 16_000, 16));
    assertThatThrownBy(() -> open(wav)).isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("data chunk comes before the fmt chunk");
  }

  @Test
  void rejectsMissingDataChunk() {
    assertThatThrownBy(() -> open(file("RIFF", fmt(PCM, 1, 16_000, 16), chunk("LIST", new byte[4]))))
        .isInstanceOf(InvalidAudioException.class).hasMessageContaining("no data chunk");
  }

  @Test
  void rejectsImpossibleFormats() {
    assertRejected(fmt(PCM, 0, 16_000, 2, 16), "zero channels");
    assertRejected(fmt(PCM, 1, 0, 16), "sample rate of 0 Hz");
    assertRejected(fmt(PCM, 2, 16_000, 3, 16), "block align of 3 bytes");
    assertRejected(fmt(PCM, 1, 16_000, 0), "0-bit PCM");
    assertRejected(fmt(FLOAT, 1, 16_000, 16), "16-bit IEEE float");
    assertRejected(fmt(PCM, 2000, 16_000, 16), "2000 channels");
    assertRejected(chunk("fmt ", new byte[14]), "fmt chunk is 14 bytes");
    assertRejected(extensible(PCM, 1, 16_000, 16, 24), "24 valid bits");
  }

  @Test
  void rejectsCompressedCodecsAsUnsupported() {
    byte[] alaw = file("RIFF", fmt(6, 1, 8000, 8), chunk("data", new byte[4]));
    assertThatThrownBy(() -> open(alaw)).isInstanceOf(UnsupportedAudioException.class)
        .hasMessageContaining("0x0006 (A-law)").hasMessageContaining("ffmpeg");
    byte[] adpcm = file("RIFF", extensible(2, 1, 8000, 8, 4), chunk("data", new byte[4]));
    assertThatThrownBy(() -> open(adpcm)).isInstanceOf(UnsupportedAudioException.class)
        .hasMessageContaining("0x0002 (Microsoft ADPCM)");
    byte[] guid = extensible(PCM, 1, 8000, 16, 16);
    guid[8 + 39] = 0;
    assertThatThrownBy(() -> open(file("RIFF", guid, chunk("data", new byte[4]))))
        .isInstanceOf(UnsupportedAudioException.class).hasMessageContaining("sub-format");
  }

  @Test
  void rejectsRf64WithoutDs64() {
    byte[] wav = file("RF64", fmt(PCM, 1, 16_000, 16), chunk("data", 0xFFFFFFFFL, le16(1)));
    assertThatThrownBy(() -> open(wav)).isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("ds64");
  }

  @Test
  void rejectsNonFiniteFloatsNamingTheFrame() {
    float[] samples = new float[2 * 16_000];
    samples[2 * 12_000 + 1] = Float.NaN;
    byte[] wav = file("RIFF", fmt(FLOAT, 2, 16_000, 32), chunk("data", f32(samples)));
    AudioSource source = open(wav);
    assertThatThrownBy(source::readAll).isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("frame 12000 (0.750 s), channel 1");
    byte[] huge = file("RIFF", fmt(FLOAT, 1, 16_000, 64), chunk("data", f64(0, 1e300)));
    assertThatThrownBy(open(huge)::readAll).isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("frame 1");
  }

  @Test
  void capsHugeDeclaredSizesByWhatArrives() {
    byte[] wav = file("RF64", ds64(Long.MAX_VALUE - 1, 0), fmt(PCM, 1, 16_000, 16),
        chunk("data", 0xFFFFFFFFL, le16(1, 2)));
    AudioSource source = open(wav);
    assertThat(source.frameCount()).isEqualTo((Long.MAX_VALUE - 1) / 2);
    assertThatThrownBy(source::readAll).isInstanceOf(InvalidAudioException.class).hasMessageContaining("truncated");
  }

  private static void assertRejected(byte[] fmt, String message) {
    byte[] wav = file("RIFF", fmt, chunk("data", new byte[4]));
    assertThatThrownBy(() -> open(wav)).as(message).isInstanceOf(InvalidAudioException.class)
        .isNotInstanceOf(UnsupportedAudioException.class).hasMessageContaining(message);
  }

  // ---- helpers

  static AudioSource open(byte[] wav) {
    return Audio.open(new ByteArrayInputStream(wav));
  }

  /** The 16-bit samples of the chunk {@code id}, found by a plain search as an independent check. */
  private static float[] pcm16After(byte[] file, String id) {
    for (int at = 12; ; ) {
      String chunk = new String(file, at, 4, StandardCharsets.US_ASCII);
      int size = ByteBuffer.wrap(file, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (chunk.equals(id)) {
        short[] pcm = new short[size / 2];
        ByteBuffer.wrap(file, at + 8, size).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        return Pcm.toFloat(pcm);
      }
      at += 8 + size + (size & 1);
    }
  }

  static byte[] s24(int... codes) {
    byte[] out = new byte[codes.length * 3];
    for (int i = 0; i < codes.length; i++) {
      out[3 * i] = (byte) codes[i];
      out[3 * i + 1] = (byte) (codes[i] >> 8);
      out[3 * i + 2] = (byte) (codes[i] >> 16);
    }
    return out;
  }

  static byte[] s32(int... codes) {
    ByteBuffer b = ByteBuffer.allocate(codes.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    Arrays.stream(codes).forEach(b::putInt);
    return b.array();
  }

  static byte[] f32(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static byte[] f64(double... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    Arrays.stream(values).forEach(b::putDouble);
    return b.array();
  }

  private static String[] concatArgs(String[]... parts) {
    return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
  }

  private static boolean run(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
