package dev.speech4j.engine.whispercpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.Gson;
import com.sun.jna.Pointer;
import dev.speech4j.EngineOptions;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * whisper.cpp (f16 ggml, the engine's own openai-style log-mel) against openai/whisper (fp32) on the same seeded
 * random weights. {@code tiny-en} is {@code export_whisper.py --random tiny --seed 1 --english}; its openai
 * outputs are committed in {@code src/test/resources/whisper} (made with shared/whisper-reference/reference.py).
 */
class ParityTest {
  static final Path JFK = SharedData.testdata("jfk.wav");
  static final Path LIBRI = SharedData.testdata(
      "pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0870.wav");
  static final TranscriptionOptions GREEDY = TranscriptionOptions.builder().beamSize(1).temperature(0).build();
  private static final int EOT = 50256;
  /** sha256 of the tensors of export_whisper.py --random tiny --seed 1 --english, as its config.json records. */
  private static final String TINY_EN_SHA256 = "94a30d380e36ef4485b6f78209d7ddaeee4a5ffcd8a29d1ca9b6c34a16bb89d7";

  static Transcription transcribe(Path model, Path audio, TranscriptionOptions options) {
    try (Transcriber whisper = new WhisperCppProvider().create(ModelRef.of(model),
        EngineOptions.builder().threads(2).build())) {
      return whisper.transcribe(audio, options);
    }
  }

  /**
   * Greedy text tokens are identical. whisper.cpp 1.7.1 ends a window as soon as a closing timestamp lies within
   * 1 s of the audio's end or past it ({@code seek + seek_delta + 100 >= seek_end}), where openai decodes on to
   * EOT, so whisper.cpp's output is openai's up to that segment; the segment times there are identical.
   */
  @ParameterizedTest
  @CsvSource({"jfk, 11.0", "libri, 7.1"})
  void greedyTokensAndTimesMatchOpenAiUpToWhisperCppsEndOfAudioRule(String clip, double duration)
      throws IOException {
    Map<String, Object> expected = resource("tiny-en-" + clip + "-greedy.json");
    assertThat(Files.readString(WhisperModels.ggml("tiny-en").resolveSibling("config.json")))
        .as("the exported tiny-en is the model openai/whisper ran on").contains(TINY_EN_SHA256);
    Transcription t = transcribe(WhisperModels.ggml("tiny-en"), clip.equals("jfk") ? JFK : LIBRI, GREEDY);
    List<Map<String, Object>> reference = segments(expected);
    List<Integer> expectedText = new ArrayList<>();
    int kept = 0;
    for (Map<String, Object> s : reference) {
      expectedText.addAll(textTokens(ints(s.get("tokens"))));
      kept++;
      if ((double) s.get("end") >= duration - 1.0) {
        break;
      }
    }
    List<Integer> actualText = textTokens(t.segments().stream().flatMap(s -> s.tokens().stream()).toList());
    assertThat(actualText).isEqualTo(expectedText);
    assertThat(t.segments()).hasSize(kept);
    Segment last = t.segments().get(kept - 1);
    assertThat(last.end()).isCloseTo((double) reference.get(kept - 1).get("end"), within(1e-9));
  }

  /**
   * The first decoder step's logits after the SOT token, against the exporter's PyTorch fp32 forward pass on the
   * same log-mel (its {@code reference/mel.f32}, fed to whisper.cpp as it is): the ranking is identical; values differ by at most 2.0 on logits of about 600 (0.3 %), the effect of f16 weights
   * (11 bits of mantissa, relative error 2^-11 per weight, summed over 384 products).
   */
  @Test
  void firstStepLogitsMatchThePyTorchReference() throws IOException {
    Path ggml = WhisperModels.ggml("tiny-en");
    float[] reference = floats(ggml.resolveSibling("reference").resolve("logits_sot.f32"));
    float[] mel = floats(ggml.resolveSibling("reference").resolve("mel.f32"));
    try (WhisperCppTranscriber whisper = (WhisperCppTranscriber) new WhisperCppProvider().create(ModelRef.of(ggml),
        EngineOptions.builder().threads(2).build())) {
      WhisperModel model = whisper.model();
      Pointer state = model.acquire();
      try {
        float[] logits = model.call(ctx -> {
          WhisperLibrary lib = model.lib();
          assertThat(lib.whisper_set_mel_with_state(ctx, state, mel, 3000, 80)).isZero();
          assertThat(lib.whisper_encode_with_state(ctx, state, 0, 2)).isZero();
          assertThat(lib.whisper_decode_with_state(ctx, state, new int[] {lib.whisper_token_sot(ctx)}, 1, 0, 2))
              .isZero();
          return lib.whisper_get_logits_from_state(state).getFloatArray(0, reference.length);
        });
        assertThat(top(logits, 20)).isEqualTo(top(reference, 20));
        double maxDiff = 0;
        for (int i = 0; i < logits.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(logits[i] - reference[i]));
        }
        assertThat(maxDiff).isLessThan(2.0);
      } finally {
        model.release(state);
      }
    }
  }

  static List<Integer> top(float[] values, int n) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      order.add(i);
    }
    order.sort((a, b) -> Float.compare(values[b], values[a]));
    return order.subList(0, n);
  }

  static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  static List<Integer> textTokens(List<Integer> tokens) {
    return tokens.stream().filter(id -> id < EOT).toList();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> segments(Map<String, Object> expected) {
    return (List<Map<String, Object>>) expected.get("segments");
  }

  @SuppressWarnings("unchecked")
  static List<Integer> ints(Object list) {
    return ((List<Double>) list).stream().map(Double::intValue).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> resource(String name) throws IOException {
    return new Gson().fromJson(Files.readString(Path.of("src/test/resources/whisper", name)), Map.class);
  }
}
