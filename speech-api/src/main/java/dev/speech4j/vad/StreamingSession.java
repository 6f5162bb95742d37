package dev.speech4j.vad;

import java.util.List;
import java.util.Objects;

/**
 * A {@link VadSession}: frames the pushed samples, scores each frame with a scorer of its own and feeds the
 * probabilities to a {@link Segmenter}. {@link SpeechTimestamps#segments} runs whole files through one too, so a
 * session's events always describe the same segments as {@link VoiceActivityDetector#speechSegments}.
 */
final class StreamingSession implements VadSession {
  private final VadOptions options;
  private final int sampleRate;
  private final int frameSize;
  private final FrameScorer scorer;
  private final Framer framer;
  private Segmenter segmenter;
  private long samples;
  private boolean finished;
  private boolean closed;

  StreamingSession(VoiceActivityDetector vad, VadOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.sampleRate = vad.sampleRate();
    this.frameSize = vad.frameSize();
    this.framer = new Framer(frameSize);
    this.segmenter = new Segmenter(options, sampleRate, frameSize);
    this.scorer = vad.newScorer();
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public List<VadEvent> push(float[] samples, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, samples.length);
    checkOpen();
    if (finished) {
      throw new IllegalStateException("the session has finished; call reset() to start a new stream");
    }
    framer.add(samples, offset, length, frame -> segmenter.accept(scorer.score(frame)));
    this.samples += length;
    return segmenter.drain();
  }

  /** Ends the stream; a second call returns no events. */
  @Override
  public List<VadEvent> finish() {
    checkOpen();
    if (finished) {
      return List.of();
    }
    finished = true;
    framer.flush(frame -> segmenter.acceptLast(scorer.score(frame)));
    segmenter.finish(samples);
    return segmenter.drain();
  }

  @Override
  public void reset() {
    checkOpen();
    scorer.reset();
    framer.clear();
    segmenter = new Segmenter(options, sampleRate, frameSize);
    samples = 0;
    finished = false;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      scorer.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the session is closed");
    }
  }
}
