package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.speech4j.EngineOptions;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.Transcription;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End-to-end parity with openai/whisper's transcribe() on random-weight checkpoints: the committed reference JSON. */
class WhisperParityTest {

  @ParameterizedTest(name = "{1} on {0}")
  @CsvSource({
      "micro-en-s1, micro-en-s1-jfk-greedy.json",
      "micro-en-s1, micro-en-s1-jfk-beam5.json",
      "micro-ml-s1, micro-ml-s1-jfk-words.json",
      "micro-ml-s1, micro-ml-s1-jfk-librivox.json",
      "micro-en-plain-s2, micro-en-plain-s2-jfk-fallback.json",
      "tiny-en-s1, tiny-en-s1-jfk-greedy.json"})
  void matchesOpenAiWhisper(String model, String reference) throws IOException {
    ReferenceResult expected = ReferenceResult.fixture(reference);
    assertThat(sha256(Files.readAllBytes(TestModels.checkpoint(model))))
        .as("regenerated checkpoint is the one the reference was made from").isEqualTo(expected.checkpointSha256());

    Transcription ours;
    try (WhisperDjlTranscriber whisper = WhisperDjlTranscriber.open(TestModels.model(model), EngineOptions.defaults())) {
      ours = whisper.transcribe(audio(reference), ReferenceOptions.of(expected.options()));
    }

    expected.assertMatches(ours);
  }

  /** The greedy decode that falls back: the same repetitive tokens and compression ratio as openai's. */
  @Test
  void greedyDecodeBeforeFallbackMatches() {
    ReferenceResult expected = ReferenceResult.fixture("micro-en-plain-s2-jfk-fallback.json");
    JsonObject decode = expected.firstDecode();
    Path dir = TestModels.model("micro-en-plain-s2");
    WhisperConfig config = WhisperConfig.read(dir);
    WindowResult result;
    try (WhisperTokenizer tokenizer = WhisperTokenizer.load(dir, config);
        TorchWhisper network = TorchWhisper.load(dir, config, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      LogMel.Spectrogram mel = new LogMel(TestFiles.melFilters(80), 80)
          .compute(manager, Audio.read(TestFiles.testdata("jfk.wav")).samples(), LogMel.N_SAMPLES);
      try (WhisperNetwork.EncodedAudio audio = network.encode(mel.window(0, 1100))) {
        result = new WindowDecoder(config, tokenizer).decode(audio, new WindowOptions("en", false, 0, 0, 1, 1, null,
            48, List.of(), null, List.of(-1), true, false, 1.0, new SplittableRandom(0)));
      }
    }
    assertThat(decode.get("temperature").getAsDouble()).isZero();
    assertThat(Arrays.stream(result.tokens()).boxed().toList()).isEqualTo(ReferenceResult.tokens(decode));
    assertThat(result.compressionRatio()).isEqualTo(decode.get("compression_ratio").getAsDouble()).isGreaterThan(2.4);
    assertThat(result.avgLogprob()).isCloseTo(decode.get("avg_logprob").getAsDouble(), within(1e-3));
  }

  /** jfk.wav, or for the long-form case jfk.wav and five LibriVox clips end to end (35.7 s, two windows). */
  private static SpeechAudio audio(String reference) {
    List<SpeechAudio> parts = new ArrayList<>();
    parts.add(Audio.read(TestFiles.testdata("jfk.wav")));
    if (reference.contains("librivox")) {
      for (String clip : List.of("0870", "0880", "0890", "0920", "0930")) {
        parts.add(Audio.read(TestFiles.testdata(
            "pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-" + clip + ".wav")));
      }
    }
    return SpeechAudio.concat(parts, 16_000);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
