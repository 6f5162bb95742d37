package dev.speech4j.engine.whispercpp.internal;

import com.sun.jna.Pointer;
import dev.speech4j.InvalidModelException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.SpeechException;
import dev.speech4j.SpeechTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * One loaded whisper.cpp context, shared, and a bounded pool of whisper states (one per call in flight). Every
 * native call runs under a read lock; {@link #close()} takes the write lock, so it waits for calls in flight and
 * then frees the states and the context, after which calls fail with {@link SpeechCancelledException}.
 */
final class WhisperModel implements AutoCloseable {
  private final WhisperLibrary lib;
  private final Pointer context;
  private final Path file;
  private final GgmlFile header;
  private final Semaphore permits;
  private final int maxStates;
  private final Duration acquireTimeout;
  private final Deque<Pointer> idle = new ArrayDeque<>();
  private final Set<Pointer> all = new HashSet<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private WhisperModel(WhisperLibrary lib, Pointer context, Path file, GgmlFile header, int maxStates,
      Duration acquireTimeout) {
    this.lib = lib;
    this.context = context;
    this.file = file;
    this.header = header;
    this.maxStates = maxStates;
    this.permits = new Semaphore(maxStates, true);
    this.acquireTimeout = acquireTimeout;
  }

  /**
   * Checks {@code file} in Java, then loads it.
   *
   * @throws InvalidModelException if the file is malformed, has no weights, is fp32 (which aborts whisper.cpp
   *     1.7.1's convolution) or is refused by whisper.cpp
   */
  static WhisperModel load(WhisperLibrary lib, Path file, boolean useGpu, int maxStates, Duration acquireTimeout) {
    GgmlFile header = GgmlFile.read(file);
    refuseFp32Convolution(file, header);
    Pointer defaults = lib.whisper_context_default_params_by_ref();
    Pointer context;
    try {
      WhisperLibrary.ContextParams.ByValue params = new WhisperLibrary.ContextParams.ByValue(defaults);
      params.use_gpu = (byte) (useGpu ? 1 : 0);
      WhisperNatives.takeLastError();
      context = lib.whisper_init_from_file_with_params_no_state(file.toString(), params);
    } finally {
      lib.whisper_free_context_params(defaults);
    }
    if (context == null) {
      throw new InvalidModelException("whisper.cpp cannot load " + file + ": " + WhisperNatives.takeLastError());
    }
    return new WhisperModel(lib, context, file, header, maxStates, acquireTimeout);
  }

  /**
   * whisper.cpp 1.7.1 aborts the process (GGML_ASSERT in the convolution's im2col, whisper.cpp issue 2557) when
   * the encoder's convolution kernels are f32, as in every fp32 file; quantised and f16 files keep them f16.
   */
  private static void refuseFp32Convolution(Path file, GgmlFile header) {
    Integer conv1 = header.tensorTypes().get("encoder.conv1.weight");
    Integer conv2 = header.tensorTypes().get("encoder.conv2.weight");
    if (conv1 == null || conv2 == null) {
      throw new InvalidModelException("whisper.cpp model " + file + " is unusable: it has no encoder convolution "
          + "weights (encoder.conv1.weight, encoder.conv2.weight)");
    }
    if (conv1 != GgmlFile.FTYPE_F16 || conv2 != GgmlFile.FTYPE_F16) {
      throw new InvalidModelException("whisper.cpp model " + file + " is " + header.ftypeName() + " with f32 "
          + "convolution weights, which whisper.cpp " + WhisperNatives.VERSION + " cannot run (it aborts the "
          + "process, whisper.cpp issue 2557): export it as f16 (export_whisper.py --ggml-dtype f16, or "
          + "whisper.cpp's convert-pt-to-ggml.py without use-f32) or quantise it");
    }
  }

  Path file() {
    return file;
  }

  GgmlFile header() {
    return header;
  }

  WhisperLibrary lib() {
    return lib;
  }

  Pointer context() {
    return context;
  }

  /**
   * Takes a state for one call, waiting up to the acquire timeout for one of the pool's {@code maxStates}.
   *
   * @throws SpeechTimeoutException if none frees up in time
   */
  Pointer acquire() {
    try {
      if (!permits.tryAcquire(acquireTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new SpeechTimeoutException("all " + maxStates + " whisper-cpp states stayed busy for " + acquireTimeout
            + ": raise EngineOptions.maxConcurrency or acquireTimeout");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("interrupted while waiting for a whisper-cpp state");
    }
    try {
      return call(ctx -> {
        synchronized (idle) {
          Pointer state = idle.poll();
          if (state == null) {
            state = lib.whisper_init_state(ctx);
            if (state == null) {
              throw new SpeechException("whisper.cpp could not allocate a state for " + file + ": "
                  + WhisperNatives.takeLastError());
            }
            all.add(state);
          }
          return state;
        }
      });
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Returns a state to the pool. */
  void release(Pointer state) {
    synchronized (idle) {
      if (!closed && all.contains(state)) {
        idle.push(state);
      }
    }
    permits.release();
  }

  /**
   * Runs native code with the context, which stays valid until it returns.
   *
   * @throws SpeechCancelledException if the model is closed
   */
  <T> T call(Function<Pointer, T> body) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new SpeechCancelledException("the whisper-cpp transcriber for " + file + " was closed");
      }
      return body.apply(context);
    } finally {
      lock.readLock().unlock();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Waits for native calls in flight, then frees every state and the context. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      synchronized (idle) {
        all.forEach(lib::whisper_free_state);
        all.clear();
        idle.clear();
      }
      lib.whisper_free(context);
    } finally {
      lock.writeLock().unlock();
    }
    permits.release(maxStates);
  }
}
