package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OrtRuntimeTest {

  @Test
  void theEnvironmentLeavesNoFilesBehind() {
    assertThat(OrtRuntime.environment()).isNotNull();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    assertThat(tmp.resolve("mat-debug-" + ProcessHandle.current().pid() + ".log")).doesNotExist();
    assertThat(OrtRuntime.libraryDirectory()).hasValueSatisfying(dir -> assertThat(dir).doesNotExist());
  }
}
