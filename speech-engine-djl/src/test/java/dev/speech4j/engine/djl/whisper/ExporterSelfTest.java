package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.testing.Python;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Whisper exporter's own self-test (tools/test_export.py), run by the build like any other test. */
class ExporterSelfTest {

  @Test
  void exporterSelfTestPasses() {
    String out = Python.run(Duration.ofMinutes(10), Path.of("tools", "test_export.py").toAbsolutePath());
    assertThat(out.strip().lines().reduce((a, b) -> b).orElse("")).matches("\\d+ passed, 0 failed");
  }
}
