package dev.speech4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code speech4j.jar} the way README.md tells a user to. */
class CliJarIT {
  private static final Path JAR = Path.of(System.getProperty("speech4j.jar", "target/speech4j.jar"));

  @TempDir
  Path dir;

  @Test
  void infoRunsFromTheJar() throws Exception {
    Result r = java(List.of(), "info");
    assertThat(r.code).as(r.output).isZero();
    assertThat(r.output).contains("energy").contains("available");
  }

  /** The jar carries Silero's model and ONNX Runtime: VAD works with nothing else installed. */
  @Test
  void sileroVadRunsFromTheJar() throws Exception {
    Result r = java(List.of(), "vad", SharedData.testdata("jfk.wav").toString(), "--engine", "silero");
    assertThat(r.code).as(r.output).isZero();
    assertThat(r.output.lines().filter(l -> l.matches("\\d+\\.\\d{3}\t\\d+\\.\\d{3}"))).hasSize(4);
  }

  /**
   * Streams a one-hour WAV through {@code convert} in a JVM whose whole heap is capped at 64 MB, so peak heap
   * above baseline is under 64 MB by construction: holding the input (115 MB) or output would fail with
   * OutOfMemoryError.
   */
  @Test
  void convertStreamsAnHourInUnder64MbOfHeap() throws Exception {
    Path hour = writeTone(dir.resolve("hour.wav"), 3600, 16_000);
    Path out = dir.resolve("hour-8k.wav");

    Result r = java(List.of("-Xmx64m", "-XX:+UseSerialGC"), "convert", hour.toString(), out.toString(), "--rate",
        "8000");

    assertThat(r.code).as(r.output).isZero();
    try (AudioSource converted = Audio.open(out)) {
      assertThat(converted.sampleRate()).isEqualTo(8000);
      assertThat(converted.frameCount()).isEqualTo(3600L * 8000);
    }
  }

  /** 16-bit mono 440 Hz at -12 dBFS, written in chunks. */
  private static Path writeTone(Path file, int seconds, int rate) throws IOException {
    long frames = (long) seconds * rate;
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes()).putInt((int) (36 + frames * 2)).put("WAVEfmt ".getBytes()).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
        .putShort((short) 16).put("data".getBytes()).putInt((int) (frames * 2));
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header.array());
      ByteBuffer chunk = ByteBuffer.allocate(rate * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int s = 0; s < seconds; s++) {
        chunk.clear();
        for (int i = 0; i < rate; i++) {
          chunk.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        out.write(chunk.array());
      }
    }
    return file;
  }

  private record Result(int code, String output) {}

  private static Result java(List<String> jvmArgs, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), output);
  }
}
