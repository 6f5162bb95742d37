package dev.speech4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.testing.ChildJvm;
import dev.speech4j.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -} as a file name: audio from standard input, a WAV to standard output, in a JVM of its own. */
class StdStreamsTest {
  @TempDir
  Path dir;

  @Test
  void sayWritesAWavToStandardOutput() throws Exception {
    Process say = ChildJvm.start(Main.class, dir, Map.of(), "say", "Hello from standard output.", "--out", "-");
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(say.getErrorStream()));
    byte[] wav = say.getInputStream().readAllBytes();
    assertThat(say.waitFor()).as(new String(err.join())).isZero();
    try (AudioSource audio = Audio.open(new ByteArrayInputStream(wav))) {
      assertThat(audio.readAll().seconds()).isGreaterThan(0.5);
    }
    // the summary line (after any JVM warnings, which newer JDKs print for JNA)
    assertThat(new String(err.join()).lines()).anyMatch(line -> line.startsWith("-: "));
    assertThat(dir.resolve("-")).doesNotExist();
  }

  @Test
  void vadReadsStandardInputAsItReadsAFile() throws Exception {
    Path clip = SharedData.testdata("jfk.wav");
    ChildJvm.Result fromFile = ChildJvm.run(Main.class, dir, Map.of(), "vad", clip.toString(), "--engine", "energy");
    Process fromStdin = ChildJvm.start(Main.class, dir, Map.of(), "vad", "-", "--engine", "energy");
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(fromStdin.getInputStream()));
    try (OutputStream in = fromStdin.getOutputStream()) {
      in.write(Files.readAllBytes(clip));
    }
    assertThat(fromStdin.waitFor()).isZero();
    assertThat(fromFile.exitCode()).isZero();
    assertThat(new String(out.join())).isEqualTo(fromFile.out()).isNotBlank();
  }

  @Test
  void convertRefusesStandardOutput() throws Exception {
    ChildJvm.Result r = ChildJvm.run(Main.class, dir, Map.of(), "convert", SharedData.testdata("jfk.wav").toString(),
        "-");
    assertThat(r.exitCode()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("give a file for OUT.wav, not -");
  }

  private static byte[] readAll(java.io.InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
