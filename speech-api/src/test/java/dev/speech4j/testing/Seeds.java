package dev.speech4j.testing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seeds of a parity sweep: a fixed set that always runs plus fresh ones drawn once per test JVM and printed, or
 * exactly those of {@code -Dspeech4j.seed=A,B,...} to replay a failure.
 */
public final class Seeds {
  private static List<Long> fresh;

  private Seeds() {}

  /** {@code fixed}, then this run's fresh seeds; or the replayed ones. */
  public static List<Long> sweep(long... fixed) {
    String replay = System.getProperty("speech4j.seed");
    if (replay != null && !replay.isBlank()) {
      return Arrays.stream(replay.split(",")).map(String::strip).map(Long::valueOf).toList();
    }
    List<Long> out = new ArrayList<>();
    Arrays.stream(fixed).forEach(out::add);
    out.addAll(fresh());
    return out;
  }

  private static synchronized List<Long> fresh() {
    if (fresh == null) {
      fresh = draw(3);
    }
    return fresh;
  }

  private static List<Long> draw(int count) {
    SecureRandom random = new SecureRandom();
    List<Long> out = new ArrayList<>();
    while (out.size() < count) {
      long seed = 1000 + random.nextInt(1_000_000);
      if (!out.contains(seed)) {
        out.add(seed);
      }
    }
    System.out.println("parity sweep: fresh seeds " + out + " (replay with -Dspeech4j.seed="
        + String.join(",", out.stream().map(String::valueOf).toList()) + ")");
    return List.copyOf(out);
  }
}
