package dev.speech4j.testing;

import dev.speech4j.testing.WhisperReference.Checkpoint;
import dev.speech4j.testing.WhisperReference.Clip;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases both Whisper engines are compared with openai/whisper on: seeded random checkpoints (micro and tiny
 * dims, English-only and multilingual; {@link Seeds#sweep fixed and fresh seeds}) times clips times decodings.
 * Every seed runs micro models on every clip and tiny ones on jfk.wav; the first fixed and the first fresh seed
 * also run the costlier tiny cases.
 */
public final class ParitySweep {
  private static final long[] FIXED = {1, 2, 3};

  private ParitySweep() {}

  /** reference.py's options for a way of decoding. */
  public enum Decoding {
    GREEDY("--temperature", "0"),
    BEAM5("--temperature", "0", "--beam-size", "5"),
    WORDS("--temperature", "0", "--word-timestamps"),
    TRANSLATE("--temperature", "0", "--task", "translate"),
    NO_TIMESTAMPS("--temperature", "0", "--without-timestamps");

    private final List<String> options;

    Decoding(String... options) {
      this.options = List.of(options);
    }

    public List<String> referenceOptions() {
      return options;
    }
  }

  /** One comparison: openai/whisper's transcript of {@code clip} by {@code checkpoint}, decoded so. */
  public record Case(Checkpoint checkpoint, Clip clip, Decoding decoding) {
    /** openai/whisper's output for this case (made once, then cached). */
    public ReferenceTranscript reference() {
      return ReferenceTranscript.read(WhisperReference.transcribe(checkpoint, clip.file(), decoding.referenceOptions()));
    }

    @Override
    public String toString() {
      return checkpoint.name() + " " + clip.name().toLowerCase() + " " + decoding.name().toLowerCase();
    }
  }

  /** Every case of this run. */
  public static List<Case> cases() {
    List<Long> tiny = tinySeeds();
    List<Case> out = new ArrayList<>();
    for (long seed : Seeds.sweep(FIXED)) {
      Checkpoint en = checkpoint("micro", false, seed);
      add(out, en, Clip.JFK, Decoding.GREEDY, Decoding.BEAM5, Decoding.WORDS, Decoding.NO_TIMESTAMPS);
      add(out, en, Clip.CUT, Decoding.GREEDY, Decoding.WORDS, Decoding.NO_TIMESTAMPS);
      add(out, en, Clip.LONG, Decoding.GREEDY, Decoding.BEAM5, Decoding.NO_TIMESTAMPS);
      Checkpoint ml = checkpoint("micro", true, seed);
      add(out, ml, Clip.JFK, Decoding.GREEDY, Decoding.TRANSLATE);
      add(out, ml, Clip.CUT, Decoding.GREEDY);
      add(out, ml, Clip.LONG, Decoding.GREEDY);
      Checkpoint tinyEn = checkpoint("tiny", false, seed);
      add(out, tinyEn, Clip.JFK, Decoding.GREEDY);
      if (tiny.contains(seed)) {
        add(out, tinyEn, Clip.CUT, Decoding.GREEDY, Decoding.BEAM5);
        add(out, tinyEn, Clip.LONG, Decoding.GREEDY);
        add(out, checkpoint("tiny", true, seed), Clip.JFK, Decoding.GREEDY);
      }
    }
    return out;
  }

  /** Every checkpoint of this run, for checks of the network itself. */
  public static List<Checkpoint> checkpoints() {
    return cases().stream().map(Case::checkpoint).distinct().toList();
  }

  /** Whether a checkpoint's seed is one the costlier cases run on. */
  public static boolean fullyCovered(Checkpoint c) {
    return tinySeeds().contains(c.seed());
  }

  /**
   * Half-precision weights ({@code make_checkpoint.py --half}): whisper.cpp's own converter writes them to f16
   * ggml exactly, and openai/whisper and whisper-djl run them in fp32, so both engines are compared on the same
   * checkpoints and references.
   */
  private static Checkpoint checkpoint(String size, boolean multilingual, long seed) {
    return new Checkpoint(size, multilingual, seed, true);
  }

  /** The first fixed and the first fresh seed (of a replay, its first two). */
  private static List<Long> tinySeeds() {
    List<Long> seeds = Seeds.sweep(FIXED);
    return seeds.size() > FIXED.length
        ? List.of(seeds.get(0), seeds.get(FIXED.length))
        : seeds.subList(0, Math.min(2, seeds.size()));
  }

  private static void add(List<Case> out, Checkpoint checkpoint, Clip clip, Decoding... decodings) {
    for (Decoding d : decodings) {
      out.add(new Case(checkpoint, clip, d));
    }
  }
}
