package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.EngineOptions;
import dev.speech4j.audio.Audio;
import dev.speech4j.stt.Transcription;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End-to-end parity with openai/whisper's transcribe() on random-weight checkpoints: the committed reference JSON. */
class WhisperParityTest {

  @ParameterizedTest(name = "{1} on {0}")
  @CsvSource({
      "micro-en-s1, micro-en-s1-jfk-greedy.json",
      "micro-en-s1, micro-en-s1-jfk-beam5.json",
      "micro-ml-s1, micro-ml-s1-jfk-words.json"})
  void matchesOpenAiWhisper(String model, String reference) throws IOException {
    ReferenceResult expected = ReferenceResult.fixture(reference);
    assertThat(sha256(Files.readAllBytes(TestModels.checkpoint(model))))
        .as("regenerated checkpoint is the one the reference was made from").isEqualTo(expected.checkpointSha256());

    Transcription ours;
    try (WhisperDjlTranscriber whisper = WhisperDjlTranscriber.open(TestModels.model(model), EngineOptions.defaults())) {
      ours = whisper.transcribe(Audio.read(TestFiles.testdata("jfk.wav")), ReferenceOptions.of(expected.options()));
    }

    expected.assertMatches(ours);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
