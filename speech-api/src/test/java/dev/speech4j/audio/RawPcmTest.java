package dev.speech4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RawPcmTest {

  @Test
  void readsGoforwardRaw() throws IOException {
    Path raw = SharedData.testdata("pocketsphinx-testdata/goforward.raw");
    byte[] bytes = Files.readAllBytes(raw);
    short[] pcm = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
    try (AudioSource source = Audio.openRaw(raw, PcmFormat.s16le(16_000, 1))) {
      assertThat(source.sampleRate()).isEqualTo(16_000);
      assertThat(source.frameCount()).isEqualTo(-1);
      assertThat(source.description()).startsWith("raw PCM");
      SpeechAudio audio = source.readAll();
      assertThat(audio.frames()).isEqualTo(44_580);
      assertThat(audio.samples()).isEqualTo(Pcm.toFloat(pcm));
    }
  }

  @Test
  void readsBigEndianAndSignedLayouts() {
    assertThat(read(new byte[] {(byte) 0x80, 0, 0, 0x40, 0, 0}, SampleEncoding.PCM_S24, ByteOrder.BIG_ENDIAN, 2))
        .containsExactly(-1f, 0.5f);
    assertThat(read(new byte[] {(byte) 0x80, 0x40}, SampleEncoding.PCM_S8, ByteOrder.LITTLE_ENDIAN, 1))
        .containsExactly(-1f, 0.5f);
    assertThat(read(new byte[] {(byte) 0xC0, 0, 0, 0}, SampleEncoding.PCM_S32, ByteOrder.BIG_ENDIAN, 1))
        .containsExactly(-0.5f);
    assertThat(read(new byte[] {0x40, 0}, SampleEncoding.PCM_S16, ByteOrder.BIG_ENDIAN, 1))
        .containsExactly(0.5f);
    byte[] doubles = ByteBuffer.allocate(16).putDouble(0.25).putDouble(-0.75).array();
    assertThat(read(doubles, SampleEncoding.FLOAT_64, ByteOrder.BIG_ENDIAN, 2)).containsExactly(0.25f, -0.75f);
    byte[] floats = ByteBuffer.allocate(4).putFloat(0.125f).array();
    assertThat(read(floats, SampleEncoding.FLOAT_32, ByteOrder.BIG_ENDIAN, 1)).containsExactly(0.125f);
  }

  @Test
  void rejectsTrailingPartialFrame() {
    AudioSource source = Audio.openRaw(new ByteArrayInputStream(new byte[7]), PcmFormat.s16le(16_000, 2));
    float[] buffer = new float[4096];
    assertThatThrownBy(() -> source.read(buffer)).isInstanceOf(InvalidAudioException.class)
        .hasMessageStartingWith("raw PCM ends mid-frame: 3 stray bytes");
  }

  @Test
  void rejectsNonFiniteFloats() {
    byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0f)
        .putFloat(Float.POSITIVE_INFINITY).array();
    PcmFormat format = new PcmFormat(8000, 1, SampleEncoding.FLOAT_32, ByteOrder.LITTLE_ENDIAN);
    assertThatThrownBy(Audio.openRaw(new ByteArrayInputStream(bytes), format)::readAll)
        .isInstanceOf(InvalidAudioException.class).hasMessageContaining("frame 1 ");
  }

  @Test
  void rejectsBufferSmallerThanAFrame() {
    AudioSource source = Audio.openRaw(new ByteArrayInputStream(new byte[8]), PcmFormat.s16le(16_000, 2));
    assertThatThrownBy(() -> source.read(new float[1])).isInstanceOf(IllegalArgumentException.class);
  }

  private static float[] read(byte[] bytes, SampleEncoding encoding, ByteOrder order, int channels) {
    PcmFormat format = new PcmFormat(8000, channels, encoding, order);
    try (AudioSource source = Audio.openRaw(new ByteArrayInputStream(bytes), format)) {
      return source.readAll().samples();
    }
  }
}
