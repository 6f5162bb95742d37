package dev.speech4j.stt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The LocalAgreement-2 policy of Macháček et al. (2023, whisper_streaming): of two consecutive hypotheses of a
 * growing buffer, the words they agree on from the start are committed. A hypothesis is first stripped of what is
 * already committed: words ending before the last committed one, then a repeat of the committed tail (up to five
 * words) at its head. Times are absolute. One instance per utterance; not thread-safe.
 */
final class LocalAgreement {
  private static final double OVERLAP_SECONDS = 0.1;
  private static final int MAX_REPEAT = 5;

  private final List<Word> committed = new ArrayList<>();
  private List<Word> pending = List.of();

  /** Takes the next hypothesis; returns the words it commits (often none). */
  List<Word> insert(List<Word> hypothesis) {
    List<Word> fresh = uncommitted(hypothesis);
    int agreed = 0;
    while (agreed < fresh.size() && agreed < pending.size() && same(fresh.get(agreed), pending.get(agreed))) {
      agreed++;
    }
    List<Word> now = List.copyOf(fresh.subList(0, agreed));
    committed.addAll(now);
    pending = List.copyOf(fresh.subList(agreed, fresh.size()));
    return now;
  }

  /** Takes the last hypothesis of the utterance and commits all of it. */
  List<Word> flush(List<Word> hypothesis) {
    List<Word> rest = uncommitted(hypothesis);
    committed.addAll(rest);
    pending = List.of();
    return rest;
  }

  /** The words of the last hypothesis that are not committed: the partial. */
  List<Word> pending() {
    return pending;
  }

  /** The end of the last committed word, or negative infinity. */
  double committedEnd() {
    return committed.isEmpty() ? Double.NEGATIVE_INFINITY : committed.get(committed.size() - 1).end();
  }

  private List<Word> uncommitted(List<Word> hypothesis) {
    double end = committedEnd();
    List<Word> fresh = new ArrayList<>();
    for (Word w : hypothesis) {
      if (w.start() > end - OVERLAP_SECONDS) {
        fresh.add(w);
      }
    }
    for (int n = Math.min(MAX_REPEAT, Math.min(fresh.size(), committed.size())); n >= 1; n--) {
      if (sameRun(committed.subList(committed.size() - n, committed.size()), fresh.subList(0, n))) {
        return new ArrayList<>(fresh.subList(n, fresh.size()));
      }
    }
    return fresh;
  }

  private static boolean sameRun(List<Word> a, List<Word> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(Word a, Word b) {
    return a.text().strip().toLowerCase(Locale.ROOT).equals(b.text().strip().toLowerCase(Locale.ROOT));
  }
}
