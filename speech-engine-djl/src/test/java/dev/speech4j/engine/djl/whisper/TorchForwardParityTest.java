package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.speech4j.audio.Audio;
import dev.speech4j.testing.ParitySweep;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import dev.speech4j.testing.WhisperReference.Checkpoint;
import dev.speech4j.testing.WhisperReference.Clip;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's mel, the TorchScript encoder and the KV-cached decoder against a PyTorch forward pass on a clip's
 * first window: mel within 1e-4, encoder output and first-step logits within a relative error of 1e-4. On every
 * micro checkpoint of the parity sweep and two tiny ones against openai/whisper's own model (fixed and fresh seeds,
 * jfk.wav and a clip that ends mid-word), on the committed micro fixtures, and on the exporter's own outputs for a fresh tiny export.
 */
class TorchForwardParityTest {

  static List<Arguments> sweep() {
    List<Arguments> out = new ArrayList<>();
    for (Checkpoint c : ParitySweep.checkpoints()) {
      if (c.size().equals("micro")) {
        out.add(Arguments.of(c, Clip.JFK));
        out.add(Arguments.of(c, Clip.CUT));
      } else if (ParitySweep.fullyCovered(c)) {
        out.add(Arguments.of(c, Clip.JFK));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sweep")
  void matchesOpenAiWhisperOnTheSweep(Checkpoint checkpoint, Clip clip) {
    Path expected = WhisperReference.forward(checkpoint, clip.file());
    assertForwardMatches(WhisperReference.export(checkpoint), clip.file(),
        name -> TestFiles.floats(expected.resolve(name)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"micro-en", "micro-ml"})
  void microModelsMatchTheirFixtures(String model) throws IOException {
    Path dir = ReferenceCase.checkedModel(model);
    assertForwardMatches(dir, SharedData.testdata("jfk.wav"),
        name -> TestFiles.fixtureFloats("whisper/" + model + "/" + name));
  }

  @Test
  void freshTinyExportMatchesItsPyTorchOutputs() {
    Path dir = TestModels.model("tiny-random");
    assertForwardMatches(dir, SharedData.testdata("jfk.wav"),
        name -> TestFiles.floats(dir.resolve("reference").resolve(name)));
  }

  private static void assertForwardMatches(Path dir, Path clip, Function<String, float[]> expected) {
    WhisperConfig config = WhisperConfig.read(dir);
    float[] samples = Audio.read(clip).samples();
    int nMels = config.dims().nMels();
    try (TorchWhisper network = TorchWhisper.load(dir, config, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      float[] mel = new LogMel(TestFiles.melFilters(nMels), nMels).compute(samples, LogMel.N_SAMPLES)
          .window(0, LogMel.N_FRAMES);
      float[] melFixture = expected.apply("mel.f32");
      if (melFixture != null) {
        assertThat(maxAbsDifference(mel, melFixture)).as("mel").isLessThanOrEqualTo(1e-4);
      }
      float[] features;
      try (NDManager scope = manager.newSubManager()) {
        features = network.encoderOutput(scope, mel, 1).toFloatArray();
      }
      assertThat(relativeError(features, expected.apply("encoder_output.f32"))).as("encoder").isLessThan(1e-4);
      try (WhisperNetwork.EncodedAudio audio = network.encode(mel)) {
        int[] sot = config.sotSequence("en", false);
        assertThat(relativeError(firstLogits(network, audio, sot), expected.apply("logits_sot_sequence.f32")))
            .as("logits after the SOT sequence").isLessThan(1e-4);
        assertThat(relativeError(firstLogits(network, audio, new int[] {sot[0]}), expected.apply("logits_sot.f32")))
            .as("logits after SOT").isLessThan(1e-4);
      }
    }
  }

  private static float[] firstLogits(WhisperNetwork network, WhisperNetwork.EncodedAudio audio, int[] tokens) {
    try (WhisperNetwork.TokenSession session = network.session(audio, 1)) {
      return session.next(new int[][] {tokens})[0];
    }
  }

  private static double maxAbsDifference(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static double relativeError(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    double delta = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      delta += Math.pow(actual[i] - expected[i], 2);
      norm += (double) expected[i] * expected[i];
    }
    return Math.sqrt(delta / norm);
  }
}
