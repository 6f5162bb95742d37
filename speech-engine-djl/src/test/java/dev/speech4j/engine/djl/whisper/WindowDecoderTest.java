package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** openai/whisper's decoding rules on a scripted fake network: no libtorch needed. */
class WindowDecoderTest {
  private static final int EOT = 10;
  private static final int TS = 18;

  private static WindowOptions options(int beamSize, boolean withoutTimestamps, List<Integer> suppress) {
    return new WindowOptions("en", false, 0, beamSize, 1, 1.0, null, 20, List.of(), null, suppress, true,
        withoutTimestamps, 1.0, new SplittableRandom(0));
  }

  private static WindowResult decode(Function<List<Integer>, float[]> logits, WindowOptions options) {
    FakeNetwork network = new FakeNetwork(logits);
    try (WhisperNetwork.EncodedAudio audio = network.encode(new float[0])) {
      return new WindowDecoder(network, FakeNetwork.config(), FakeNetwork.codec()).decode(audio, options);
    }
  }

  @Test
  void beamSearchFindsTheLikelierSequenceThatGreedyMisses() {
    // After the SOT sequence (SOT, no-timestamps), token 1 looks best (logit 2 vs 1.5), but it leads to a flat distribution; token 2 leads to EOT.
    Function<List<Integer>, float[]> model = seq -> {
      int last = seq.get(seq.size() - 1);
      return switch (last) {
        case 17 -> FakeNetwork.logits(1, 2f, 2, 1.5f);
        case 1 -> FakeNetwork.logits(3, 0f, 4, 0f, 5, 0f, 6, 0f, EOT, 0f);
        case 2 -> FakeNetwork.logits(EOT, 10f);
        default -> FakeNetwork.logits(EOT, 10f);
      };
    };
    WindowResult greedy = decode(model, options(0, true, List.of()));
    WindowResult beam = decode(model, options(3, true, List.of()));

    assertThat(greedy.tokens()).containsExactly(1, 3);
    assertThat(beam.tokens()).containsExactly(2);
    assertThat(beam.avgLogprob()).isGreaterThan(greedy.avgLogprob());
  }

  @Test
  void windowsDecodedAsOneBatchGiveTheirOwnResults() {
    // The first window may sample one token only: the batch drops its row and keeps each beam's cache in place.
    Function<List<Integer>, float[]> model = seq -> {
      int last = seq.get(seq.size() - 1);
      return switch (last) {
        case 17 -> FakeNetwork.logits(1, 2f, 2, 1.9f, 3, 1.8f);
        case 1 -> FakeNetwork.logits(4, 1f, 5, 1f, EOT, 0.5f);
        case 2, 3 -> FakeNetwork.logits(6, 3f, 7, 2.5f);
        case 6, 7 -> FakeNetwork.logits(8, 2f, EOT, 1.5f);
        default -> FakeNetwork.logits(EOT, 10f);
      };
    };
    WindowOptions oneToken = new WindowOptions("en", false, 0, 0, 1, 1.0, null, 1, List.of(), null, List.of(), true,
        true, null, new SplittableRandom(0));
    List<WindowOptions> windows = List.of(oneToken, options(3, true, List.of()),
        options(0, true, List.of(-1)), options(2, true, List.of()));
    FakeNetwork network = new FakeNetwork(model);
    WindowDecoder decoder = new WindowDecoder(network, FakeNetwork.config(), FakeNetwork.codec());
    List<WhisperNetwork.EncodedAudio> audio = network.encode(List.of(new float[0], new float[0], new float[0],
        new float[0]));
    List<WindowResult> batched = decoder.decodeAll(List.of(new WindowDecoder.Window(audio.get(0), windows.get(0)),
        new WindowDecoder.Window(audio.get(1), windows.get(1)), new WindowDecoder.Window(audio.get(2), windows.get(2)),
        new WindowDecoder.Window(audio.get(3), windows.get(3))));

    for (int i = 0; i < windows.size(); i++) {
      WindowResult alone = decode(model, windows.get(i));
      assertThat(batched.get(i).tokens()).as("window " + i).containsExactly(alone.tokens());
      assertThat(batched.get(i).avgLogprob()).as("window " + i).isEqualTo(alone.avgLogprob());
    }
    assertThat(batched.get(0).tokens()).hasSize(1);
  }

  @Test
  void suppressBlankAndSuppressTokensAtTheFirstStep() {
    // " " (0) and token 9 (the model's non-speech list) are the likeliest, then EOT: all are suppressed at first.
    Function<List<Integer>, float[]> model = seq -> seq.size() == 2
        ? FakeNetwork.logits(0, 9f, 9, 8f, EOT, 7f, 4, 1f)
        : FakeNetwork.logits(EOT, 5f);
    assertThat(decode(model, options(0, true, List.of(-1))).tokens()).containsExactly(4);
    assertThat(decode(model, options(0, true, List.of())).tokens()).containsExactly(9);
  }

  @Test
  void timestampsOpenNoLaterThanMaxInitialAndComeInPairs() {
    // The model prefers <|2.00|> first, then text 5, then the same timestamp again, then EOT.
    Function<List<Integer>, float[]> model = seq -> {
      int last = seq.get(seq.size() - 1);
      if (last == 11) {
        return FakeNetwork.logits(TS + 100, 9f, TS + 25, 8f, 5, 1f);
      }
      if (last >= TS && seq.size() == 2) {
        return FakeNetwork.logits(5, 5f);
      }
      if (last == 5) {
        return FakeNetwork.logits(TS + 10, 9f, TS + 40, 3f, EOT, 1f);
      }
      return FakeNetwork.logits(EOT, 5f);
    };
    WindowResult result = decode(model, options(0, false, List.of(-1)));

    // <|2.00|> is beyond max_initial_timestamp 1.0 s, so <|0.50|> opens; <|0.20|> would go back in time, and
    // after the closing timestamp only a timestamp or EOT may follow.
    assertThat(result.tokens()).containsExactly(TS + 25, 5, TS + 40);
  }

  @Test
  void promptAndPrefixSlicesFollowPython() {
    int[] tokens = {1, 2, 3, 4};
    assertThat(WindowDecoder.pythonTail(tokens, 2)).containsExactly(3, 4);
    assertThat(WindowDecoder.pythonTail(tokens, 0)).containsExactly(1, 2, 3, 4);
    assertThat(WindowDecoder.pythonTail(tokens, -1)).containsExactly(2, 3, 4);
    assertThat(WindowDecoder.pythonTail(tokens, 9)).containsExactly(1, 2, 3, 4);
  }
}
