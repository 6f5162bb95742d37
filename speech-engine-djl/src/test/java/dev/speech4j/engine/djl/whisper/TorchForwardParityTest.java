package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.speech4j.audio.Audio;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The exported TorchScript network against openai/whisper's own forward pass on the tiny-dims checkpoint
 * (fixtures made with openai's model.encoder and model.logits): encoder output and the first-step logits within
 * a relative error of 1e-4.
 */
class TorchForwardParityTest {

  @Test
  void encoderAndFirstLogitsMatchOpenAi() {
    JsonObject meta = JsonParser.parseString(TestFiles.fixtureText("tiny-en-s1-jfk-forward.json")).getAsJsonObject();
    float[] expectedRows = TestFiles.fixtureFloats("tiny-en-s1-jfk-forward-encoder.f32");
    float[] expectedLogits = TestFiles.fixtureFloats("tiny-en-s1-jfk-forward-logits.f32");
    int stride = meta.get("encoder_row_stride").getAsInt();
    Path dir = TestModels.model("tiny-en-s1");
    WhisperConfig config = WhisperConfig.read(dir);
    int width = config.dims().nAudioState();

    float[] features;
    float[] logits;
    try (TorchWhisper network = TorchWhisper.load(dir, config, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      float[] samples = Audio.read(TestFiles.testdata("jfk.wav")).samples();
      float[] mel = new LogMel(TestFiles.melFilters(80), 80).compute(manager, samples, LogMel.N_SAMPLES)
          .window(0, LogMel.N_FRAMES);
      try (NDManager scope = manager.newSubManager()) {
        features = network.encoderOutput(scope, mel).toFloatArray();
      }
      try (WhisperNetwork.EncodedAudio audio = network.encode(mel);
          WhisperNetwork.TokenSession session = audio.session(1)) {
        logits = session.next(new int[][] {config.sotSequence("en", false)})[0];
      }
    }

    double delta = 0;
    double norm = 0;
    for (int r = 0; r * stride < features.length / width; r++) {
      for (int c = 0; c < width; c++) {
        double e = expectedRows[r * width + c];
        delta += Math.pow(features[r * stride * width + c] - e, 2);
        norm += e * e;
      }
    }
    assertThat(Math.sqrt(delta / norm)).as("encoder relative error").isLessThan(1e-4);
    assertThat(norm(features)).isCloseTo(meta.get("encoder_norm").getAsDouble(),
        org.assertj.core.data.Percentage.withPercentage(1e-3));
    assertThat(relativeError(logits, expectedLogits)).as("first-step logits relative error").isLessThan(1e-4);
    assertThat(Probabilities.argMax(logits)).isEqualTo(Probabilities.argMax(expectedLogits));
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  private static double relativeError(float[] actual, float[] expected) {
    double delta = 0;
    for (int i = 0; i < expected.length; i++) {
      delta += Math.pow(actual[i] - expected[i], 2);
    }
    return Math.sqrt(delta) / norm(expected);
  }
}
