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

  /** Run in the child JVM: one sentence with the dummy voice. */
  static final class Speak {
    public static void main(String[] args) {
      try (Synthesizer piper = Speech.synthesizer("piper", ModelRef.of(Path.of(args[0])))) {
        System.out.println("frames " + piper.synthesize("Hello there.", SynthesisOptions.defaults()).frames());
      }
    }
  }
}
