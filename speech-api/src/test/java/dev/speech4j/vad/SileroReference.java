package dev.speech4j.vad;

import java.util.ArrayList;
import java.util.List;

/**
 * A line-by-line transliteration of the batch loop and padding pass of Silero's {@code get_speech_timestamps}
 * (silero-vad v6.2.1, src/silero_vad/utils_vad.py, default {@code use_max_poss_sil_at_max_speech=True}), variable
 * names kept. It is the test oracle for the incremental {@link Segmenter}; it holds every probability and segment.
 */
final class SileroReference {
  private SileroReference() {}

  static List<SpeechSegment> segments(float[] speechProbs, long audioLengthSamples, VadOptions o, int rate,
      int window) {
    double minSpeechSamples = rate * o.minSpeechMs() / 1000.0;
    double speechPadSamples = rate * o.speechPadMs() / 1000.0;
    double maxSpeechSamples = rate * o.maxSpeechSeconds() - window - 2 * speechPadSamples;
    double minSilenceSamples = rate * o.minSilenceMs() / 1000.0;
    double minSilenceSamplesAtMaxSpeech = rate * 98 / 1000.0;
    boolean triggered = false;
    List<long[]> speeches = new ArrayList<>();
    long[] currentSpeech = null; // {start, end}; null is Python's empty dict
    long tempEnd = 0;
    List<long[]> possibleEnds = new ArrayList<>(); // {temp_end, sil_dur}
    for (int i = 0; i < speechProbs.length; i++) {
      float speechProb = speechProbs[i];
      long curSample = (long) window * i;
      if (speechProb >= o.threshold() && tempEnd != 0) {
        long silDur = curSample - tempEnd;
        if (silDur > minSilenceSamplesAtMaxSpeech) {
          possibleEnds.add(new long[] {tempEnd, silDur});
        }
        tempEnd = 0;
      }
      if (speechProb >= o.threshold() && !triggered) {
        triggered = true;
        currentSpeech = new long[] {curSample, 0};
        continue;
      }
      if (triggered && curSample - currentSpeech[0] > maxSpeechSamples) {
        if (!possibleEnds.isEmpty()) {
          long[] longest = possibleEnds.get(0); // Python's max() keeps the first of equals
          for (long[] e : possibleEnds) {
            if (e[1] > longest[1]) {
              longest = e;
            }
          }
          long prevEnd = longest[0];
          long dur = longest[1];
          currentSpeech[1] = prevEnd;
          speeches.add(currentSpeech);
          currentSpeech = null;
          long nextStart = prevEnd + dur;
          if (nextStart < prevEnd + curSample) {
            currentSpeech = new long[] {nextStart, 0};
          } else {
            triggered = false;
          }
          tempEnd = 0;
          possibleEnds.clear();
        } else {
          currentSpeech[1] = curSample;
          speeches.add(currentSpeech);
          currentSpeech = null;
          tempEnd = 0;
          triggered = false;
          possibleEnds.clear();
          continue;
        }
      }
      if (speechProb < o.negThreshold() && triggered) {
        if (tempEnd == 0) {
          tempEnd = curSample;
        }
        long silDurNow = curSample - tempEnd;
        if (silDurNow < minSilenceSamples) {
          continue;
        }
        currentSpeech[1] = tempEnd;
        if (currentSpeech[1] - currentSpeech[0] > minSpeechSamples) {
          speeches.add(currentSpeech);
        }
        currentSpeech = null;
        tempEnd = 0;
        triggered = false;
        possibleEnds.clear();
      }
    }
    if (currentSpeech != null && audioLengthSamples - currentSpeech[0] > minSpeechSamples) {
      currentSpeech[1] = audioLengthSamples;
      speeches.add(currentSpeech);
    }
    for (int i = 0; i < speeches.size(); i++) {
      long[] speech = speeches.get(i);
      if (i == 0) {
        speech[0] = (long) Math.max(0, speech[0] - speechPadSamples);
      }
      if (i != speeches.size() - 1) {
        long[] next = speeches.get(i + 1);
        long silenceDuration = next[0] - speech[1];
        if (silenceDuration < 2 * speechPadSamples) {
          speech[1] += Math.floorDiv(silenceDuration, 2);
          next[0] = Math.max(0, next[0] - Math.floorDiv(silenceDuration, 2));
        } else {
          speech[1] = (long) Math.min(audioLengthSamples, speech[1] + speechPadSamples);
          next[0] = (long) Math.max(0, next[0] - speechPadSamples);
        }
      } else {
        speech[1] = (long) Math.min(audioLengthSamples, speech[1] + speechPadSamples);
      }
    }
    List<SpeechSegment> result = new ArrayList<>();
    for (long[] s : speeches) {
      result.add(new SpeechSegment(s[0], s[1], rate));
    }
    return result;
  }
}
