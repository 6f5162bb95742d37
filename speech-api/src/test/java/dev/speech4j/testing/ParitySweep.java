package dev.speech4j.testing;

import dev.speech4j.testing.WhisperReference.Checkpoint;
import dev.speech4j.testing.WhisperReference.Clip;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases both Whisper engines are compared with openai/whisper on: seeded random checkpoints (micro and tiny
 * dims, English-only and multilingual; {@link Seeds#sweep fixed and fresh seeds}) times clips times decodings.
 * Micro models run every seed; the costlier tiny models the first fixed and the first fresh seed.
 */
public final class ParitySweep {
  private static final long[] FIXED = {1, 2, 3};

  private ParitySweep() {}

  /** reference.py's options for a way of decoding. */
  public enum Decoding {
    GREEDY("--temperature", "0"),
    BEAM5("--temperature", "0", "--beam-size", "5"),
    WORDS("--temperature", "0", "--word-timestamps"),
    TRANSLATE("--temperature", "0", "--task", "translate");

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
    List<Long> seeds = Seeds.sweep(FIXED);
    List<Case> out = new ArrayList<>();
    for (long seed : seeds) {
      Checkpoint en = Checkpoint.of("micro", false, seed);
      add(out, en, Clip.JFK, Decoding.GREEDY, Decoding.BEAM5, Decoding.WORDS);
      add(out, en, Clip.CUT, Decoding.GREEDY, Decoding.WORDS);
      add(out, en, Clip.LONG, Decoding.GREEDY, Decoding.BEAM5);
      Checkpoint ml = Checkpoint.of("micro", true, seed);
      add(out, ml, Clip.JFK, Decoding.GREEDY, Decoding.TRANSLATE);
      add(out, ml, Clip.CUT, Decoding.GREEDY);
      add(out, ml, Clip.LONG, Decoding.GREEDY);
    }
    for (long seed : tinySeeds()) {
      Checkpoint en = Checkpoint.of("tiny", false, seed);
      add(out, en, Clip.JFK, Decoding.GREEDY);
      add(out, en, Clip.CUT, Decoding.BEAM5);
      add(out, en, Clip.LONG, Decoding.GREEDY);
      add(out, Checkpoint.of("tiny", true, seed), Clip.JFK, Decoding.GREEDY);
    }
    return out;
  }

  /** Every checkpoint of this run, for checks of the network itself. */
  public static List<Checkpoint> checkpoints() {
    return cases().stream().map(Case::checkpoint).distinct().toList();
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
