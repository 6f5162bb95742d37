package dev.speech4j.audio;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.UnsupportedAudioException;
import dev.speech4j.testing.ChildJvm;
import dev.speech4j.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegTest {
  private static final Path MP3 = SharedData.testdata("jfk.mp3");
  private static float[] reference;

  @TempDir
  Path dir;

  @BeforeAll
  static void ffmpegInstalled() throws Exception {
    assumeThat(run("ffmpeg", "-version")).as("ffmpeg on the PATH").isTrue();
    reference = readPcm16Wav(SharedData.testdata("jfk.wav"));
  }

  @Test
  void mp3FileDecodesLikeTheWav() {
    SpeechAudio audio = Audio.read(MP3);

    assertThat(audio.sampleRate()).isEqualTo(16_000);
    assertThat(audio.channels()).isEqualTo(1);
    assertThat(audio.seconds()).isBetween(10.9, 11.2);
    assertThat(envelopeCorrelation(audio, reference, 16_000)).isGreaterThan(0.95);
  }

  @Test
  void mp3StreamDecodesLikeTheWav() throws IOException {
    try (AudioSource source = Audio.open(Files.newInputStream(MP3))) {
      assertThat(source.description()).isEqualTo("MP3 decoded by ffmpeg");
      assertThat(source.frameCount()).isEqualTo(-1);
      SpeechAudio audio = source.readAll();

      assertThat(audio.seconds()).isBetween(10.9, 11.2);
      assertThat(envelopeCorrelation(audio, reference, 16_000)).isGreaterThan(0.95);
    }
  }

  @Test
  void oggOpusDecodesAtItsOwnRate() throws Exception {
    Path opus = dir.resolve("jfk.opus");
    assumeThat(run("ffmpeg", "-loglevel", "error", "-i", SharedData.testdata("jfk.wav").toString(), "-ac", "2",
        "-c:a", "libopus", "-b:a", "48k", opus.toString())).as("ffmpeg with libopus").isTrue();

    try (AudioSource source = Audio.open(opus)) {
      assertThat(source.description()).isEqualTo("Ogg (Vorbis/Opus) decoded by ffmpeg");
      SpeechAudio audio = source.readAll();

      assertThat(audio.sampleRate()).isEqualTo(48_000);
      assertThat(audio.channels()).isEqualTo(2);
      assertThat(audio.seconds()).isBetween(10.9, 11.2);
      assertThat(envelopeCorrelation(audio.mono(), reference, 16_000)).isGreaterThan(0.95);
    }
  }

  @Test
  void closingMidStreamKillsFfmpegAndTheFeedingThread() {
    EndlessWav endless = new EndlessWav();
    Ffmpeg source = (Ffmpeg) Ffmpeg.open(endless, null, "endless", Container.WAV);
    float[] chunk = new float[4096];
    for (int i = 0; i < 10; i++) {
      assertThat(source.read(chunk)).isPositive();
    }
    assertThat(source.process().isAlive()).isTrue();

    source.close();

    assertThat(source.process().isAlive()).isFalse();
    assertThat(source.pumpThread().isAlive()).isFalse();
    assertThat(endless.closed).isTrue();
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(p -> p.pid()).collect(Collectors.toList())).doesNotContain(source.process().pid());
  }

  @Test
  void closingAnOpenFileKillsFfmpeg() {
    Ffmpeg source = (Ffmpeg) Audio.open(MP3);
    assertThat(source.read(new float[1024])).isPositive();

    source.close();

    assertThat(source.process().isAlive()).isFalse();
    assertThat(source.pumpThread()).isNull();
  }

  @Test
  void missingFfmpegIsATypedError() {
    String previous = System.getProperty(Ffmpeg.EXECUTABLE_PROPERTY);
    System.setProperty(Ffmpeg.EXECUTABLE_PROPERTY, dir.resolve("no-such-ffmpeg").toString());
    try {
      assertThatThrownBy(() -> Audio.open(MP3))
          .isInstanceOf(UnsupportedAudioException.class)
          .hasMessageStartingWith(MP3 + " looks like MP3, which speech4j decodes through ffmpeg, but the ffmpeg named"
              + " by -Dspeech4j.ffmpeg=")
          .hasMessageEndingWith("Install it (apt-get install ffmpeg / brew install ffmpeg / dnf install ffmpeg) or"
              + " convert the file to WAV or FLAC.");
      assertThatThrownBy(() -> Audio.open(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})))
          .isInstanceOf(UnsupportedAudioException.class)
          .hasMessageStartingWith("stream is not WAV or FLAC, so speech4j tries to decode it through ffmpeg");
    } finally {
      if (previous == null) {
        System.clearProperty(Ffmpeg.EXECUTABLE_PROPERTY);
      } else {
        System.setProperty(Ffmpeg.EXECUTABLE_PROPERTY, previous);
      }
    }
  }

  @Test
  void garbageIsInvalidAudioWithFfmpegsReason() throws IOException {
    byte[] garbage = ("ID3" + "this is no audio at all. ".repeat(400)).getBytes(US_ASCII);
    Path file = Files.write(dir.resolve("garbage.mp3"), garbage);

    assertThatThrownBy(() -> Audio.open(new ByteArrayInputStream(garbage)))
        .isInstanceOf(InvalidAudioException.class)
        .isNotInstanceOf(UnsupportedAudioException.class)
        .hasMessageMatching("stream \\(MP3, decoded through ffmpeg\\): ffmpeg failed with exit code \\d+: .+");
    assertThatThrownBy(() -> Audio.open(file))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessageStartingWith(file + " (MP3, decoded through ffmpeg): ffmpeg failed");
  }

  @Test
  void decodingLeavesNoTempFiles(@TempDir Path tmp) throws Exception {
    ChildJvm.Result child = ChildJvm.run(DecodeMp3.class, tmp, MP3.toString());

    assertThat(child.exitCode()).as(child.err()).isZero();
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  /** Decodes an MP3 from a path and from a stream, in a child JVM with its own temp directory. */
  static final class DecodeMp3 {
    public static void main(String[] args) throws IOException {
      Path mp3 = Path.of(args[0]);
      Audio.read(mp3);
      try (AudioSource source = Audio.open(Files.newInputStream(mp3))) {
        source.readAll();
      }
    }
  }

  /** Pearson correlation of the RMS envelopes in 50 ms windows, after resampling by window. */
  private static double envelopeCorrelation(SpeechAudio audio, float[] wav, int wavRate) {
    double[] a = envelope(audio.samples(), audio.sampleRate());
    double[] b = envelope(wav, wavRate);
    int n = Math.min(a.length, b.length);
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < n; i++) {
      meanA += a[i] / n;
      meanB += b[i] / n;
    }
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < n; i++) {
      ab += (a[i] - meanA) * (b[i] - meanB);
      aa += (a[i] - meanA) * (a[i] - meanA);
      bb += (b[i] - meanB) * (b[i] - meanB);
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static double[] envelope(float[] samples, int rate) {
    int window = rate / 20;
    double[] out = new double[samples.length / window];
    for (int w = 0; w < out.length; w++) {
      double sum = 0;
      for (int i = w * window; i < (w + 1) * window; i++) {
        sum += samples[i] * samples[i];
      }
      out[w] = Math.sqrt(sum / window);
    }
    return out;
  }

  /** The samples of a 16-bit PCM mono WAV, read here so that the reference does not go through ffmpeg. */
  private static float[] readPcm16Wav(Path file) throws IOException {
    ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int at = 12;
    while (!new String(wav.array(), at, 4, US_ASCII).equals("data")) {
      at += 8 + wav.getInt(at + 4);
    }
    int size = wav.getInt(at + 4);
    float[] samples = new float[size / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = wav.getShort(at + 8 + 2 * i) / 32768f;
    }
    return samples;
  }

  private static boolean run(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** A 16 kHz mono WAV that never ends; remembers whether it was closed. */
  private static final class EndlessWav extends InputStream {
    private final byte[] header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN)
        .put("RIFF".getBytes(US_ASCII)).putInt(-1).put("WAVEfmt ".getBytes(US_ASCII)).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2)
        .putShort((short) 16).put("data".getBytes(US_ASCII)).putInt(-1).array();
    private long position;
    private volatile boolean closed;

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++, position++) {
        b[off + i] = position < header.length ? header[(int) position] : (byte) (position * 7);
      }
      return len;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
