package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/make_dummy_voice.py} is deterministic: run again, it writes exactly the committed test voices. Needs
 * Debian's {@code python3-onnx} for {@code /usr/bin/python3}; skipped without it.
 */
class DummyVoiceScriptTest {
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir
  Path dir;

  @Test
  void regeneratesTheCommittedVoicesByteForByte() throws Exception {
    assumeThat(run(PYTHON, "-c", "import onnx")).as(PYTHON + " with python3-onnx").isZero();

    int exit = run(PYTHON, "tools/make_dummy_voice.py", dir.toString(),
        SharedData.root().resolve("models/piper/en_US-lessac-medium.onnx.json").toString());

    assertThat(exit).isZero();
    for (String name : PiperVoices.FILES) {
      try (InputStream committed = PiperVoices.class.getResourceAsStream(name)) {
        assertThat(Files.readAllBytes(dir.resolve(name))).as(name).isEqualTo(committed.readAllBytes());
      }
    }
  }

  private static int run(String... command) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(command[0]))) {
      return -1;
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
