package dev.speech4j.engine.djl.silero;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that uses the engine leaves nothing in its temp directory. The child JVM gets a clean environment
 * (no {@code CI} or {@code ORT_DISABLE_TELEMETRY}, which would keep ONNX Runtime's telemetry from starting), with
 * both {@code TMPDIR} and {@code java.io.tmpdir} pointing at a fresh directory.
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
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"), TempDirProbe.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    env.clear();
    env.putAll(Map.of("PATH", path == null ? "/usr/bin:/bin" : path, "HOME", home.toString(),
        "TMPDIR", tmp.toString(), "LANG", "C.UTF-8"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out.lines().filter(l -> !l.startsWith("SLF4J")).findFirst().orElse("");
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
