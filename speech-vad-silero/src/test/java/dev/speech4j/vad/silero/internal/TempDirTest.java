package dev.speech4j.vad.silero.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that uses the engine leaves nothing in its temp directory. The child JVM gets a clean environment
 * (no {@code CI} or {@code ORT_DISABLE_TELEMETRY}, which would keep ONNX Runtime's telemetry from starting).
 */
@DisabledOnOs(OS.WINDOWS)
class TempDirTest {

  @Test
  void theEngineLeavesNoFilesBehind(@TempDir Path tmp, @TempDir Path home) throws Exception {
    String out = runProbe(tmp, home);
    assertThat(out).startsWith("segments ");
    assertThat(list(tmp)).isEmpty();
  }

  /** Without the engine's care, ONNX Runtime 1.29 does leave files: proof that the test above can fail. */
  @Test
  void bareOnnxRuntimeLitters(@TempDir Path tmp, @TempDir Path home) throws Exception {
    assertThat(runProbe(tmp, home, "plain")).startsWith("ort ");
    assertThat(list(tmp)).isNotEmpty();
  }

  private static String runProbe(Path tmp, Path home, String... args) throws IOException, InterruptedException {
    ChildJvm.Result probe = ChildJvm.runIsolated(TempDirProbe.class, tmp, home, args);
    assertThat(probe.exitCode()).as(probe.err()).isZero();
    return probe.out().strip();
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
