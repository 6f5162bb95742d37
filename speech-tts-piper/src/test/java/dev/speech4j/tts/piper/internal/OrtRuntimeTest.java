package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import dev.speech4j.testing.ChildJvm;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that speaks with a Piper voice leaves nothing in its temp directory, ONNX Runtime's litter included. */
@DisabledOnOs(OS.WINDOWS)
class OrtRuntimeTest {

  @Test
  void speakingLeavesNoFilesBehind(@TempDir Path tmp, @TempDir Path home) throws Exception {
    Path voice = Path.of(OrtRuntimeTest.class.getResource("dummy-voice.onnx").toURI());

    ChildJvm.Result child = ChildJvm.runIsolated(Speak.class, tmp, home, voice.toString());

    assertThat(child.exitCode()).as(child.err()).isZero();
    assertThat(child.out()).startsWith("frames ");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  /**
   * ORT 1.29's telemetry records the command line when its environment is created, and a long one (here 20 KB, as
   * long class paths make) overflowed the stack and killed the JVM. With telemetry switched off in the process
   * environment the JVM speaks, and ORT writes nothing under the home directory.
   */
  @Test
  void aLongCommandLineNeitherCrashesOrtNorLetsItsTelemetryRun(@TempDir Path tmp, @TempDir Path home)
      throws Exception {
    Path voice = Path.of(OrtRuntimeTest.class.getResource("dummy-voice.onnx").toURI());

    ChildJvm.Result child = ChildJvm.runIsolated(Speak.class, tmp, home, voice.toString(), "x".repeat(20_000));

    assertThat(child.exitCode()).as(child.err()).isZero();
    assertThat(child.out()).startsWith("frames ");
    assertThat(home.resolve(".cache/Microsoft")).doesNotExist();
  }

  /** Run in the child JVM: one sentence with the dummy voice. */
  static final class Speak {
    public static void main(String[] args) {
      try (Synthesizer piper = Speech.synthesizer("piper", ModelRef.of(Path.of(args[0])))) {
        System.out.println("frames " + piper.synthesize("Hello there.", SynthesisOptions.defaults()).frames());
      }
    }
  }
}
