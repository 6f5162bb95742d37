package dev.speech4j.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RepetitionGuardTest {
  private final RepetitionGuard guard = new RepetitionGuard(3);

  @Test
  void loopsOfOneToEightWordsAreCaughtAndSpeechIsNot() {
    assertThat(guard.loops("Thank you. Thank you. Thank you. Thank you.")).isTrue();
    assertThat(guard.loops("so so so so")).isTrue();
    assertThat(guard.loops("and so my fellow Americans, ask not what your country can do for you")).isFalse();
    assertThat(guard.loops("Thank you. Thank you. Thank you.")).isFalse();
    assertThat(guard.loops("")).isFalse();
    String eight = "one two three four five six seven eight ";
    assertThat(guard.loops("intro " + eight.repeat(4) + "outro")).isTrue();
    assertThat(guard.loops(eight.repeat(3))).isFalse();
  }

  /** Random words almost never loop; the same words looped always do. */
  @Test
  void aRandomTextLoopsOnlyOnceRepeated() {
    long seed = new Random().nextLong();
    System.out.println("RepetitionGuardTest seed " + seed);
    Random random = new Random(seed);
    String[] vocabulary = "the a speech model java local voice text whisper engine audio server".split(" ");
    for (int trial = 0; trial < 200; trial++) {
      StringBuilder text = new StringBuilder();
      int n = 1 + random.nextInt(5);
      StringBuilder phrase = new StringBuilder();
      for (int i = 0; i < n; i++) {
        phrase.append(vocabulary[random.nextInt(vocabulary.length)]).append(i == n - 1 ? ". " : " ");
      }
      text.append("lead in ").append(phrase.toString().repeat(4 + random.nextInt(3)));
      assertThat(guard.loops(text.toString())).as(text.toString()).isTrue();
    }
  }
}
