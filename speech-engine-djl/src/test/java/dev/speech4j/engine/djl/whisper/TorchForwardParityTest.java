package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.speech4j.audio.Audio;
import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's mel, the TorchScript encoder and the KV-cached decoder against the exporter's PyTorch forward pass
 * on jfk.wav's first window: mel within 1e-4, encoder output and first-step logits within a relative error of
 * 1e-4. Runs on the committed micro fixtures and on a fresh random tiny-dims export (CI's SPEECH4J_EXPORT_DIR).
 */
class TorchForwardParityTest {

  @ParameterizedTest
  @ValueSource(strings = {"micro-en", "micro-ml"})
  void microModelsMatchTheirFixtures(String model) throws IOException {
    Path dir = ReferenceCase.checkedModel(model);
    assertForwardMatches(dir, name -> TestFiles.fixtureFloats("whisper/" + model + "/" + name));
  }

  @Test
  void freshTinyExportMatchesItsPyTorchOutputs() {
    String export = System.getenv("SPEECH4J_EXPORT_DIR");
    Path dir = export != null ? Path.of(export) : TestModels.model("tiny-random");
    assumeTrue(Files.isDirectory(dir.resolve("reference")), "no reference/ in " + dir);
    assertForwardMatches(dir, name -> TestFiles.floats(dir.resolve("reference").resolve(name)));
  }

  private static void assertForwardMatches(Path dir, Function<String, float[]> expected) {
    WhisperConfig config = WhisperConfig.read(dir);
    float[] samples = Audio.read(SharedData.testdata("jfk.wav")).samples();
    try (TorchWhisper network = TorchWhisper.load(dir, config, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      float[] mel = new LogMel(TestFiles.melFilters(80), 80).compute(manager, samples, LogMel.N_SAMPLES)
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
