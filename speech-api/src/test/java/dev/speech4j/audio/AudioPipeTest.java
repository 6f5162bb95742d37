package dev.speech4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class AudioPipeTest {

  /**
   * Live audio, written from another thread in chunks of random size (frames split across them) through a pipe
   * smaller than the audio, reads as exactly what the same bytes give whole, resampled and mixed down too.
   */
  @RepeatedTest(3)
  void readsLiveAudioAsTheWholeStreamReads() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    System.out.println("AudioPipeTest seed " + seed);
    SpeechAudio speech = Audio.read(SharedData.testdata("jfk.wav")).slice(0, 16_000 * 3);
    int rate = new int[] {8_000, 22_050, 44_100, 48_000}[random.nextInt(4)];
    int channels = 1 + random.nextInt(2);
    SampleEncoding encoding = new SampleEncoding[] {SampleEncoding.PCM_S16, SampleEncoding.PCM_S24,
        SampleEncoding.PCM_U8, SampleEncoding.FLOAT_32}[random.nextInt(4)];
    PcmFormat format = new PcmFormat(rate, channels, encoding, ByteOrder.LITTLE_ENDIAN);
    byte[] bytes = encode(speech.resample(rate), channels, format);

    AudioPipe pipe = AudioPipe.open(format, 4096 + random.nextInt(4096));
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(bytes.length - at, 1 + random.nextInt(3000));
        pipe.write(bytes, at, n);
        at += n;
      }
      pipe.finish();
    });
    SpeechAudio live;
    try (AudioSource source = pipe.mono().resample(16_000)) {
      live = source.readAll();
    }
    writer.get(10, TimeUnit.SECONDS);
    SpeechAudio whole;
    try (AudioSource source = Audio.openRaw(new ByteArrayInputStream(bytes), format).mono().resample(16_000)) {
      whole = source.readAll();
    }
    assertThat(live.frames()).as("seed %d, %s", seed, format).isEqualTo(whole.frames());
    assertThat(live.samples()).as("seed %d, %s", seed, format).isEqualTo(whole.samples());
  }

  @Test
  void aStreamEndingMidFrameIsInvalidAudio() {
    AudioPipe pipe = AudioPipe.open(PcmFormat.s16le(16_000, 2), 64);
    pipe.write(new byte[6], 0, 6);
    pipe.finish();
    float[] buffer = new float[8];
    assertThat(pipe.read(buffer)).isEqualTo(1);
    assertThatThrownBy(() -> pipe.read(buffer)).isInstanceOf(InvalidAudioException.class)
        .hasMessageContaining("mid-frame");
  }

  @Test
  void writesFailOnceTheReaderClosesEvenWhileWaitingOnAFullPipe() throws Exception {
    AudioPipe pipe = AudioPipe.open(PcmFormat.s16le(16_000, 1), 16);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> pipe.write(new byte[64], 0, 64));
    Thread.sleep(100);
    assertThat(writer).isNotDone(); // blocked: the pipe holds 16 bytes
    pipe.close();
    assertThatThrownBy(() -> writer.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(pipe.read(new float[4])).isEqualTo(-1);
  }

  @Test
  void anInterruptedReaderIsCancelled() {
    AudioPipe pipe = AudioPipe.open(PcmFormat.s16le(16_000, 1), 16);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> pipe.read(new float[4])).isInstanceOf(SpeechCancelledException.class);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void capacityIsBoundedBeforeAnyAllocation() {
    assertThatThrownBy(() -> AudioPipe.open(PcmFormat.s16le(16_000, 2), 3))
        .isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> AudioPipe.open(PcmFormat.s16le(16_000, 2), Integer.MAX_VALUE))
        .isInstanceOf(InvalidOptionsException.class);
  }

  private static byte[] encode(SpeechAudio mono, int channels, PcmFormat format) {
    float[] samples = mono.samples();
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(samples.length * format.frameBytes())
        .order(ByteOrder.LITTLE_ENDIAN);
    for (float s : samples) {
      for (int c = 0; c < channels; c++) {
        float v = c == 0 ? s : -0.5f * s; // channels that differ, so the mix-down matters
        switch (format.encoding()) {
          case PCM_S16 -> out.putShort((short) Math.round(v * 32_767));
          case PCM_S24 -> {
            int x = Math.round(v * 8_388_607);
            out.put((byte) x).put((byte) (x >> 8)).put((byte) (x >> 16));
          }
          case PCM_U8 -> out.put((byte) (Math.round(v * 127) + 128));
          default -> out.putFloat(v);
        }
      }
    }
    return out.array();
  }
}
