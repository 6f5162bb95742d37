package dev.speech4j.vad;

import java.util.ArrayList;
import java.util.List;

/**
 * Silero VAD's {@code get_speech_timestamps} (v6, default {@code use_max_poss_sil_at_max_speech=True}) as an
 * incremental state machine: it takes one frame probability at a time and emits each padded segment boundary as
 * soon as no later frame can change it. Fed a whole stream and finished, its events describe exactly the segments
 * that the batch algorithm returns.
 *
 * <p>Raw segments follow Silero's loop: speech starts at a frame {@code >= threshold}; a run of frames below
 * {@code negThreshold} lasting {@code minSilence} ends it at the run's first frame, and it is kept only if longer
 * than {@code minSpeech}; past {@code maxSpeech} it is cut at its longest silence over 98 ms (the rest continues as
 * a new segment) or, with none, at the current frame. Then padding: the first start and every start or end beside
 * a silence of at least two pads move out by one pad; a shorter silence is split in half between its neighbours;
 * ends are clamped to the audio's length. A start is emitted once its segment is sure to be kept, an end once the
 * next kept segment is known or is sure to start at least two pads later.
 */
final class Segmenter {
  /** Silero's {@code min_silence_at_max_speech}: shorter silences are not used to cut overlong speech. */
  private static final int MIN_SILENCE_AT_MAX_SPEECH_MS = 98;

  private final int sampleRate;
  private final int window;
  private final float threshold;
  private final float negThreshold;
  private final double minSpeech;
  private final double maxSpeech;
  private final double minSilence;
  private final double minSilenceAtMaxSpeech;
  private final double pad;
  private final List<VadEvent> events = new ArrayList<>();

  private long frames;
  /** Whether a raw segment is open (Silero's {@code triggered}). */
  private boolean triggered;
  /** Start of the open raw segment. */
  private long start;
  /** Whether the open segment is sure to be kept, so its start has been emitted. */
  private boolean kept;
  /** First sample of the silence under way in the open segment (Silero's {@code temp_end}); 0 when none. */
  private long silenceStart;
  /** The longest silence over 98 ms that ended inside the open segment (first of equals); length 0 when none. */
  private long longestSilenceStart;
  private long longestSilence;
  /** Raw end of the last kept segment while its padded end is not yet emitted; -1 when none. */
  private long pendingEnd = -1;

  Segmenter(VadOptions options, int sampleRate, int window) {
    this.sampleRate = sampleRate;
    this.window = window;
    this.threshold = options.threshold();
    this.negThreshold = options.negThreshold();
    this.minSpeech = samples(options.minSpeechMs());
    this.pad = samples(options.speechPadMs());
    this.maxSpeech = sampleRate * options.maxSpeechSeconds() - window - 2 * pad;
    this.minSilence = samples(options.minSilenceMs());
    this.minSilenceAtMaxSpeech = samples(MIN_SILENCE_AT_MAX_SPEECH_MS);
  }

  private double samples(int ms) {
    return sampleRate * (double) ms / 1000;
  }

  /** Takes the probability of the next whole frame and emits what it settles. */
  void accept(float probability) {
    step(probability, frames++ * window);
    settle();
  }

  /** Takes the probability of a zero-padded partial last frame; {@link #finish} must follow. */
  void acceptLast(float probability) {
    step(probability, frames++ * window);
  }

  /** Ends the stream of {@code length} samples, emitting every boundary left. */
  void finish(long length) {
    if (triggered && length - start > minSpeech) {
      keep(start, length);
    }
    triggered = false;
    if (pendingEnd >= 0) {
      emit(VadEvent.Type.SPEECH_END, (long) Math.min(length, pendingEnd + pad));
      pendingEnd = -1;
    }
  }

  /** The events emitted since the last call, oldest first. */
  List<VadEvent> drain() {
    if (events.isEmpty()) {
      return List.of();
    }
    List<VadEvent> drained = List.copyOf(events);
    events.clear();
    return drained;
  }

  /** One iteration of Silero's loop over the frame starting at sample {@code at}. */
  private void step(float probability, long at) {
    boolean speech = probability >= threshold;
    if (speech && silenceStart != 0) {
      long silence = at - silenceStart;
      if (silence > minSilenceAtMaxSpeech && silence > longestSilence) {
        longestSilenceStart = silenceStart;
        longestSilence = silence;
      }
      silenceStart = 0;
    }
    if (!triggered) {
      if (speech) {
        triggered = true;
        start = at;
      }
      return;
    }
    if (at - start > maxSpeech) {
      if (longestSilence > 0) {
        // Silero also has a branch that closes the segment here, but it needs the silence to be longer than the
        // frame position, which cannot happen: speech resumed after it, so a new segment goes on from there.
        keep(start, longestSilenceStart);
        start = longestSilenceStart + longestSilence;
        silenceStart = 0;
        longestSilence = 0;
      } else {
        keep(start, at);
        close();
        return;
      }
    }
    if (probability < negThreshold) {
      if (silenceStart == 0) {
        silenceStart = at;
      }
      if (at - silenceStart >= minSilence) {
        if (silenceStart - start > minSpeech) {
          keep(start, silenceStart);
        }
        close();
      }
    }
  }

  private void close() {
    triggered = false;
    kept = false;
    silenceStart = 0;
    longestSilence = 0;
  }

  /** Emits what the frames so far have settled; every frame so far was whole. */
  private void settle() {
    long next = frames * window; // no later silence or segment can start before this
    if (triggered && !kept && (silenceStart != 0 ? silenceStart : next) - start > minSpeech) {
      startKept(start);
      kept = true;
    }
    // Every later kept segment starts at or after the open one; with none open, at or after the next frame.
    if (pendingEnd >= 0 && (triggered ? start : next) - pendingEnd >= 2 * pad) {
      emit(VadEvent.Type.SPEECH_END, (long) (pendingEnd + pad));
      pendingEnd = -1;
    }
  }

  /** Records the raw segment {@code [from, to)} as kept. */
  private void keep(long from, long to) {
    if (!kept) {
      startKept(from);
    }
    kept = false;
    pendingEnd = to;
  }

  /** Emits the padded start of a kept segment at raw {@code from}, after the padded end before it if pending. */
  private void startKept(long from) {
    if (pendingEnd >= 0) {
      long gap = from - pendingEnd;
      if (gap < 2 * pad) {
        emit(VadEvent.Type.SPEECH_END, pendingEnd + gap / 2);
        emit(VadEvent.Type.SPEECH_START, from - gap / 2);
        pendingEnd = -1;
        return;
      }
      emit(VadEvent.Type.SPEECH_END, (long) (pendingEnd + pad));
      pendingEnd = -1;
    }
    emit(VadEvent.Type.SPEECH_START, (long) Math.max(0, from - pad));
  }

  private void emit(VadEvent.Type type, long sample) {
    events.add(new VadEvent(type, sample, (double) sample / sampleRate));
  }
}
