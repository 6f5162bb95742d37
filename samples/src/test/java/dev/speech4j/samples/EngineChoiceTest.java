package dev.speech4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * With both Whisper engines on the class path, {@code Speech.transcriber(model)} picks one that can load the model:
 * whisper-djl for an exported directory (which holds both formats; whisper-djl ranks first), whisper-cpp for a
 * ggml file. whisper-cpp reports no no-speech probability (NaN), whisper-djl does: that tells them apart.
 */
class EngineChoiceTest {
  private static final TranscriptionOptions GREEDY = TranscriptionOptions.builder().beamSize(1).temperature(0)
      .build();

  @Test
  void anExportedDirectoryGoesToWhisperDjl() {
    Path export = WhisperReference.testModels().resolve("micro-en");
    assertThat(noSpeechProbability(ModelRef.of(export))).isNotNaN();
  }

  @Test
  void aGgmlFileGoesToWhisperCpp() {
    Path ggml = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    assertThat(noSpeechProbability(ModelRef.of(ggml))).isNaN();
  }

  private static double noSpeechProbability(ModelRef model) {
    try (Transcriber whisper = Speech.transcriber(model)) {
      Transcription t = whisper.transcribe(SharedData.testdata("jfk.wav"), GREEDY);
      return t.segments().stream().mapToDouble(Segment::noSpeechProb).findFirst().orElseThrow();
    }
  }
}
