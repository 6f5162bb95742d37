package dev.speech4j.engine.djl.whisper;

import dev.speech4j.whisper.ModelDims;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link WhisperNetwork} whose logits are a function of each row's tokens so far, so that the decoding logic can
 * be tested without libtorch. It records every row's sequence, including beam-search reordering.
 */
final class FakeNetwork implements WhisperNetwork {
  private final Function<List<Integer>, float[]> logits;
  private final List<Integer> sessionWindows = Collections.synchronizedList(new ArrayList<>());

  /** @param logits the next-token logits for a row's whole token sequence */
  FakeNetwork(Function<List<Integer>, float[]> logits) {
    this.logits = logits;
  }

  @Override
  public List<EncodedAudio> encode(List<float[]> mels) {
    return mels.stream().map(mel -> (EncodedAudio) new EncodedAudio() {
      @Override
      public Alignment align(int[] tokens) {
        throw new UnsupportedOperationException("not needed by these tests");
      }

      @Override
      public void close() {}
    }).toList();
  }

  /** Every row is a sequence of its own: the fake's logits do not depend on the audio. */
  @Override
  public TokenSession session(List<EncodedAudio> audios, int[] rows) {
    sessionWindows.add(audios.size());
    List<List<Integer>> sequences = new ArrayList<>();
    for (int r = 0; r < Arrays.stream(rows).sum(); r++) {
      sequences.add(new ArrayList<>());
    }
    return new TokenSession() {
      @Override
      public float[][] next(int[][] tokens) {
        float[][] out = new float[tokens.length][];
        for (int r = 0; r < tokens.length; r++) {
          Arrays.stream(tokens[r]).forEach(sequences.get(r)::add);
          out[r] = logits.apply(List.copyOf(sequences.get(r)));
        }
        return out;
      }

      @Override
      public void reorder(int[] sources) {
        List<List<Integer>> old = List.copyOf(sequences);
        sequences.clear();
        for (int source : sources) {
          sequences.add(new ArrayList<>(old.get(source)));
        }
      }

      @Override
      public void close() {}
    };
  }

  /** How many windows each session so far decoded together. */
  List<Integer> sessionWindows() {
    return List.copyOf(sessionWindows);
  }

  /** A tiny vocabulary: 0..9 text, 10 eot, 11 sot, 12-13 translate/transcribe, 14 sot_lm, 15 sot_prev, 16 no_speech,
   *  17 no_timestamps, 18.. timestamps (1501 of them). English-only. */
  static WhisperConfig config() {
    ModelDims dims = new ModelDims(80, 1500, 8, 1, 1, 18 + 1501, 448, 8, 1, 1);
    WhisperConfig.SpecialTokens special = new WhisperConfig.SpecialTokens(10, 11, 15, 14, 16, 17, 18, 13, 12);
    return new WhisperConfig(dims, false, false, special, java.util.Map.of(), List.of(9), List.of());
  }

  /** Logits of {@code -100} everywhere except the given token/logit pairs. */
  static float[] logits(float... tokenAndLogit) {
    float[] out = new float[18 + 1501];
    Arrays.fill(out, -100f);
    for (int i = 0; i < tokenAndLogit.length; i += 2) {
      out[(int) tokenAndLogit[i]] = tokenAndLogit[i + 1];
    }
    return out;
  }

  /** Text tokens 0..9 as digits; " " is token 0. */
  static TextCodec codec() {
    return new TextCodec() {
      @Override
      public int[] encode(String text) {
        return text.equals(" ") ? new int[] {0} : text.chars().map(c -> c - '0').toArray();
      }

      @Override
      public String decode(int[] tokens) {
        StringBuilder s = new StringBuilder();
        Arrays.stream(tokens).filter(t -> t < 10).forEach(s::append);
        return s.toString();
      }

      @Override
      public String decodeWithTimestamps(int[] tokens) {
        return decode(tokens);
      }
    };
  }
}
