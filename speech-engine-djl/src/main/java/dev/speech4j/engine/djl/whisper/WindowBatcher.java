package dev.speech4j.engine.djl.whisper;

import dev.speech4j.SpeechCancelledException;
import dev.speech4j.stt.BatchingStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Batches the windows of concurrent calls on one loaded model. A caller that finds the model idle decodes at once,
 * alone; windows that arrive while it works queue, and the next free caller takes up to {@code maxBatch} of them
 * as one batch: one encoder forward pass for their mels, and one {@link WindowDecoder#decodeAll} (one decoder call
 * per step for all windows whose initial sequences have the same length). So batching adds no wait to a lone call,
 * and grows with the load. Each window's result is the one it has alone. A caller whose thread is interrupted gets
 * {@link SpeechCancelledException}: at once if its window is still queued, else once its window has left the batch
 * at the next decoder step. Thread-safe.
 */
final class WindowBatcher {
  private final WhisperNetwork network;
  private final WindowDecoder decoder;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition batchDone = lock.newCondition();
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private boolean busy;
  private final AtomicLong windows = new AtomicLong();
  private final AtomicLong batchedWindows = new AtomicLong();
  private final AtomicInteger largestBatch = new AtomicInteger();

  WindowBatcher(WhisperNetwork network, WindowDecoder decoder, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    this.network = network;
    this.decoder = decoder;
    this.maxBatch = maxBatch;
  }

  /** A window encoded and decoded once; the caller owns (and closes) its audio. */
  record Decoded(WhisperNetwork.EncodedAudio audio, WindowResult result) {}

  /** Encodes a 30 s log-mel window and decodes it with {@code options}. */
  Decoded encodeAndDecode(float[] mel, WindowOptions options) {
    Request request = run(new Request(mel, null, options));
    return new Decoded(request.audio, request.result);
  }

  /** Decodes an encoded window again (temperature fallback). */
  WindowResult decode(WhisperNetwork.EncodedAudio audio, WindowOptions options) {
    return run(new Request(null, audio, options)).result;
  }

  /** The windows decoded so far, and how many of them in batches of two or more. */
  BatchingStats stats() {
    return new BatchingStats(windows.get(), batchedWindows.get(), largestBatch.get());
  }

  private Request run(Request request) {
    lock.lock();
    try {
      queue.add(request);
      while (!request.done) {
        boolean interrupted = Thread.currentThread().isInterrupted();
        if (interrupted && queue.remove(request)) {
          throw cancelled();
        }
        if (busy) {
          if (interrupted) {
            batchDone.awaitUninterruptibly(); // its window is being decoded, and leaves at the next step
          } else {
            try {
              batchDone.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          continue;
        }
        busy = true;
        List<Request> batch = new ArrayList<>();
        while (!queue.isEmpty() && batch.size() < maxBatch) {
          batch.add(queue.poll());
        }
        lock.unlock();
        try {
          process(batch);
        } finally {
          lock.lock();
          busy = false;
          batch.forEach(r -> r.done = true);
          batchDone.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
    if (request.failure != null) {
      throw request.failure;
    }
    if (request.result == null && request.owner.isInterrupted()) {
      throw cancelled();
    }
    if (request.result == null) {
      throw new IllegalStateException("the batch holding this window failed in another thread");
    }
    return request;
  }

  private void process(List<Request> batch) {
    windows.addAndGet(batch.size());
    if (batch.size() > 1) {
      batchedWindows.addAndGet(batch.size());
      largestBatch.accumulateAndGet(batch.size(), Math::max);
    }
    try {
      List<Request> fresh = batch.stream().filter(r -> r.mel != null).toList();
      if (!fresh.isEmpty()) {
        List<WhisperNetwork.EncodedAudio> encoded = network.encode(fresh.stream().map(r -> r.mel).toList());
        for (int i = 0; i < fresh.size(); i++) {
          fresh.get(i).audio = encoded.get(i);
        }
      }
      List<WindowResult> results = decoder.decodeAll(
          batch.stream().map(r -> new WindowDecoder.Window(r.audio, r.options,
              WindowDecoder.Window.interruptionOf(r.owner))).toList());
      for (int i = 0; i < batch.size(); i++) {
        Request r = batch.get(i);
        r.result = results.get(i);
        if (r.result == null && r.mel != null) {
          r.audio.close(); // given up: its caller will not take the audio it asked to encode
        }
      }
    } catch (RuntimeException e) {
      for (Request r : batch) {
        r.failure = e;
        if (r.mel != null && r.audio != null) {
          r.audio.close();
        }
      }
    }
  }

  private static SpeechCancelledException cancelled() {
    return new SpeechCancelledException("whisper-djl stopped decoding: the calling thread was interrupted");
  }

  /** One window: a mel to encode, or audio already encoded. Its fields are published under the lock. */
  private static final class Request {
    final Thread owner = Thread.currentThread();
    final float[] mel;
    final WindowOptions options;
    WhisperNetwork.EncodedAudio audio;
    WindowResult result;
    RuntimeException failure;
    boolean done;

    Request(float[] mel, WhisperNetwork.EncodedAudio audio, WindowOptions options) {
      this.mel = mel;
      this.audio = audio;
      this.options = options;
    }
  }
}
