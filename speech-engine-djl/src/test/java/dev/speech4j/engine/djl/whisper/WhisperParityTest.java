package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.google.gson.JsonObject;
import dev.speech4j.EngineOptions;
import dev.speech4j.audio.Audio;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionInfo;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.TranscriptionStream;
import dev.speech4j.testing.ReferenceOptions;
import dev.speech4j.testing.ReferenceTranscript;
import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End-to-end parity with openai/whisper's transcribe() on the seeded random micro models: every committed
 * reference output (greedy, beam 5, word timestamps, no timestamps, initial prompt, translate, long form with
 * conditioning, temperature fallback, hallucination-silence skipping), by compare.py's rules.
 */
class WhisperParityTest {

  static List<ReferenceCase> cases() {
    return ReferenceCase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesOpenAiWhisper(ReferenceCase reference) throws IOException {
    ReferenceTranscript expected = reference.expected();
    Transcription ours;
    try (WhisperDjlTranscriber whisper = WhisperDjlTranscriber.open(reference.modelDir(), EngineOptions.defaults())) {
      ours = whisper.transcribe(reference.readAudio(), ReferenceOptions.of(expected.options()));
    }
    assertThat(expected.assertMatches(ours, ReferenceTranscript.Checks.FULL, 0)).isEmpty();
  }

  /** Language detection on the multilingual model: openai's detected language and probabilities. */
  @Test
  void detectsTheLanguageAsOpenAi() throws IOException {
    String[] lines = TestFiles.fixtureText("whisper/expected/ml-jfk-detect-language.txt").strip().split("\n");
    TranscriptionInfo info;
    try (WhisperDjlTranscriber whisper = WhisperDjlTranscriber.open(ReferenceCase.checkedModel("micro-ml"),
        EngineOptions.defaults());
        TranscriptionStream run = whisper.stream(Audio.open(SharedData.testdata("jfk.wav")),
            TranscriptionOptions.defaults())) {
      info = run.info();
    }
    assertThat(lines[0]).startsWith("detected: " + info.language() + " ");
    for (String line : Arrays.asList(lines).subList(1, lines.length - 1)) {
      String[] parts = line.strip().split("\\s+");
      assertThat(info.languageProbabilities().get(parts[0])).as(parts[0])
          .isCloseTo(Double.parseDouble(parts[1]), within(2e-6));
    }
    assertThat(info.languageProbabilities()).hasSize(99);
  }

  /** The fallback case: each greedy decode has openai's tokens and compression ratio, the second one too high. */
  @Test
  void greedyDecodesBeforeTheFallbackMatch() throws IOException {
    ReferenceCase reference = ReferenceCase.all().stream().filter(c -> c.name().equals("en-long-fallback.json"))
        .findFirst().orElseThrow();
    ReferenceTranscript expected = reference.expected();
    TranscriptionOptions options = ReferenceOptions.of(expected.options());
    Path dir = reference.modelDir();
    WhisperConfig config = WhisperConfig.read(dir);
    List<JsonObject> greedy = expected.decodes().stream()
        .filter(d -> d.get("temperature").getAsDouble() == 0).toList();
    assertThat(greedy).hasSizeGreaterThan(1);
    try (WhisperTokenizer tokenizer = WhisperTokenizer.load(dir, config);
        TorchWhisper network = TorchWhisper.load(dir, config, Device.cpu())) {
      float[] samples = reference.readAudio().samples();
      LogMel.Spectrogram mel = new LogMel(TestFiles.melFilters(80), 80).compute(samples, LogMel.N_SAMPLES);
      for (JsonObject decode : greedy.subList(0, 2)) {
        int seek = decode.get("seek").getAsInt();
        WindowResult result;
        try (WhisperNetwork.EncodedAudio audio = network.encode(mel.window(seek, mel.frames() - LogMel.N_FRAMES - seek))) {
          List<Integer> prompt = expected.segmentTokensBefore(seek);
          result = new WindowDecoder(network, config, tokenizer).decode(audio, new WindowOptions("en", false, 0, 0, 1, 1, null,
              224, prompt, null, List.of(-1), true, false, 1.0, new SplittableRandom(0)));
        }
        assertThat(Arrays.stream(result.tokens()).boxed().toList()).as("seek " + seek)
            .isEqualTo(ReferenceTranscript.ints(decode.getAsJsonArray("tokens")));
        assertThat(result.compressionRatio()).isEqualTo(decode.get("compression_ratio").getAsDouble());
        assertThat(result.avgLogprob()).isCloseTo(decode.get("avg_logprob").getAsDouble(), within(1e-3));
      }
      assertThat(greedy.get(1).get("compression_ratio").getAsDouble())
          .isGreaterThan(options.compressionRatioThreshold().getAsDouble());
    }
  }
}
