package dev.speech4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidAudioException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {
  @TempDir Path dir;

  private static SpeechAudio stereoSweep(int frames) {
    float[] samples = new float[frames * 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) Math.sin(i * 0.001) * (i % 2 == 0 ? 1f : -0.5f);
    }
    return SpeechAudio.ofInterleaved(samples, 22_050, 2);
  }

  /** A stream header with its placeholder sizes, then chunks of PCM bytes, reads back as what was written. */
  @Test
  void aStreamOfUnknownLengthReadsBackToItsEnd() {
    java.util.Random random = new java.util.Random();
    float[] samples = new float[2 * (1000 + random.nextInt(5000))];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (random.nextGaussian() * 0.3);
    }
    SpeechAudio audio = SpeechAudio.ofInterleaved(samples, 22050, 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Audio.wavStreamHeader(22050, 2));
    out.writeBytes(audio.slice(0, 700).toPcm16Bytes());
    out.writeBytes(audio.slice(700, audio.frames()).toPcm16Bytes());
    ByteBuffer header = ByteBuffer.wrap(out.toByteArray(), 0, 44).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(header.getInt(4)).isEqualTo(-1);
    assertThat(header.getInt(40)).isEqualTo(-1);
    try (AudioSource back = Audio.open(new ByteArrayInputStream(out.toByteArray()))) {
      SpeechAudio read = back.readAll();
      assertThat(read.sampleRate()).isEqualTo(22050);
      assertThat(read.channels()).isEqualTo(2);
      assertThat(read.toPcm16()).isEqualTo(audio.toPcm16());
    }
  }

  @Test
  void roundTripsFloat32Exactly() {
    SpeechAudio audio = stereoSweep(30_000);
    Path file = dir.resolve("float.wav");
    assertThat(Audio.write(audio.asSource(), file, WavEncoding.FLOAT_32)).isEqualTo(30_000);
    try (AudioSource source = Audio.open(file)) {
      assertThat(source.description()).isEqualTo("WAV float 32-bit");
      assertThat(source.frameCount()).isEqualTo(30_000);
      assertThat(source.readAll()).isEqualTo(audio);
    }
  }

  @Test
  void roundTripsPcm16RoundedAndClipped() {
    SpeechAudio audio = SpeechAudio.of(new float[] {0f, 0.5f, -0.25f, 1.5f, -2f, 1e-5f}, 16_000);
    Path file = dir.resolve("pcm.wav");
    Audio.write(audio, file, WavEncoding.PCM_16);
    SpeechAudio back = Audio.read(file);
    assertThat(back.toPcm16()).containsExactly(0, 16384, -8192, 32767, -32768, 0);
    assertThat(Audio.open(file).description()).isEqualTo("WAV PCM 16-bit");
  }

  @Test
  void streamsLongSourcesChunkByChunk() {
    SpeechAudio audio = stereoSweep(100_003);
    Path file = dir.resolve("long.wav");
    assertThat(Audio.write(audio.asSource(), file, WavEncoding.PCM_16)).isEqualTo(100_003);
    assertThat(Audio.read(file).toPcm16()).isEqualTo(audio.toPcm16());
  }

  @Test
  void writesPlainHeaderToStreams() {
    SpeechAudio audio = stereoSweep(1000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Audio.write(audio, out, WavEncoding.PCM_16);
    byte[] wav = out.toByteArray();
    assertThat(wav).hasSize(44 + 4000);
    assertThat(new String(wav, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
    assertThat(Audio.open(new ByteArrayInputStream(wav)).readAll().toPcm16()).containsExactly(audio.toPcm16());

    out.reset();
    Audio.write(audio, out, WavEncoding.FLOAT_32);
    assertThat(Audio.open(new ByteArrayInputStream(out.toByteArray())).readAll()).isEqualTo(audio);
  }

  @Test
  void reservesJunkSoLargeFilesBecomeRf64InPlace() {
    long frames = 3_000_000_000L;
    byte[] small = WavWriter.header(WavEncoding.PCM_16, 16_000, 1, 10, true);
    byte[] large = WavWriter.header(WavEncoding.PCM_16, 16_000, 1, frames, true);
    assertThat(large).hasSameSizeAs(small);
    assertThat(new String(small, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("JUNK");
    assertThat(new String(large, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RF64");
    assertThat(new String(large, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("ds64");
    try (AudioSource source = Audio.open(new ByteArrayInputStream(large))) {
      assertThat(source.description()).isEqualTo("RF64 PCM 16-bit");
      assertThat(source.frameCount()).isEqualTo(frames);
    }
    byte[] floats = WavWriter.header(WavEncoding.FLOAT_32, 16_000, 2, frames, false);
    assertThat(Audio.open(new ByteArrayInputStream(floats)).frameCount()).isEqualTo(frames);
  }

  @Test
  void patchesSizesAtClose() throws IOException {
    Path file = dir.resolve("sizes.wav");
    Audio.write(SpeechAudio.of(new float[5], 8000), file, WavEncoding.PCM_16);
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.getInt(4)).isEqualTo(bytes.capacity() - 8);
    assertThat(bytes.getInt(bytes.capacity() - 10 - 4)).isEqualTo(10);
  }

  @Test
  void leavesNoFileWhenTheSourceFails() throws IOException {
    Path file = dir.resolve("out.wav");
    Files.writeString(file, "previous");
    AudioSource failing = new FailingSource();
    assertThatThrownBy(() -> Audio.write(failing, file, WavEncoding.PCM_16))
        .isInstanceOf(InvalidAudioException.class).hasMessage("broken input");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
    assertThat(Files.readString(file)).isEqualTo("previous");
  }

  @Test
  void leavesNoTempFileWhenTheDirectoryIsMissing() {
    Path file = dir.resolve("missing/out.wav");
    assertThatThrownBy(() -> Audio.write(SpeechAudio.of(new float[4], 8000), file, WavEncoding.PCM_16))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot write");
  }

  @Test
  void overwritesAnExistingFile() throws IOException {
    Path file = dir.resolve("again.wav");
    Audio.write(SpeechAudio.of(new float[100], 8000), file, WavEncoding.PCM_16);
    Audio.write(SpeechAudio.of(new float[3], 8000), file, WavEncoding.FLOAT_32);
    assertThat(Audio.read(file).frames()).isEqualTo(3);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void soxReadsOurFiles() throws Exception {
    Path file = dir.resolve("sox.wav");
    Audio.write(stereoSweep(12_345), file, WavEncoding.FLOAT_32);
    Process sox;
    try {
      sox = new ProcessBuilder(List.of("soxi", "-s", file.toString())).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("sox is not installed");
      return;
    }
    String out = new String(sox.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(sox.waitFor()).isZero();
    assertThat(out).isEqualTo("12345");
  }

  /** Yields one chunk, then fails as a corrupt file would. */
  private static final class FailingSource implements AudioSource {
    private boolean first = true;

    @Override
    public int sampleRate() {
      return 8000;
    }

    @Override
    public int channels() {
      return 1;
    }

    @Override
    public long frameCount() {
      return -1;
    }

    @Override
    public String description() {
      return "failing";
    }

    @Override
    public int read(float[] buffer) {
      if (first) {
        first = false;
        return buffer.length;
      }
      throw new InvalidAudioException("broken input");
    }

    @Override
    public void close() {}
  }
}
