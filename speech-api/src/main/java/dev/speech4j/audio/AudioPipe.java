package dev.speech4j.audio;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.SpeechCancelledException;
import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Raw PCM pushed by one thread and read as an {@link AudioSource} by another: a microphone, audio arriving over a
 * network. {@link #write} takes chunks of any size (a frame may span two); {@link #read} blocks until at least one
 * frame is there and returns what there is, so the source's {@link #mono()} and {@link #resample} views work on live
 * audio; {@link #finish} ends the stream. At most {@code capacity} bytes wait unread: a writer that gets ahead of its
 * reader blocks, so memory stays bounded.
 *
 * <pre>{@code
 * AudioPipe pipe = AudioPipe.open(PcmFormat.s16le(48_000, 2), 1 << 16);
 * // network thread: pipe.write(chunk, 0, chunk.length); ... pipe.finish();
 * // worker thread:  try (AudioSource in = pipe.mono().resample(16_000)) { while (in.read(buf) > 0) ... }
 * }</pre>
 *
 * <p>One writer and one reader. Closing it (the reader's side) makes later writes fail; an interrupted wait throws
 * {@link SpeechCancelledException}.
 */
public final class AudioPipe implements AudioSource {
  private final PcmFormat format;
  private final SampleDecoder decoder;
  private final byte[] ring;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private byte[] frameBytes = new byte[0];
  private int head; // guarded by lock: where the oldest unread byte is
  private int size; // guarded by lock
  private boolean finished; // guarded by lock
  private boolean closed; // guarded by lock
  private long framesRead;

  private AudioPipe(PcmFormat format, int capacity) {
    this.format = format;
    this.decoder = new SampleDecoder(format.encoding(), format.byteOrder());
    this.ring = new byte[capacity];
  }

  /**
   * A pipe for audio in {@code format} holding up to {@code capacity} unread bytes.
   *
   * @throws InvalidOptionsException if {@code capacity} is not between one frame and 64 MiB
   */
  public static AudioPipe open(PcmFormat format, int capacity) {
    if (capacity < format.frameBytes() || capacity > 1 << 26) {
      throw new InvalidOptionsException("a pipe holds between one frame (" + format.frameBytes()
          + " bytes) and 64 MiB, not " + capacity + " bytes");
    }
    return new AudioPipe(format, capacity);
  }

  /** The layout of the bytes written. */
  public PcmFormat format() {
    return format;
  }

  /**
   * Appends {@code length} bytes of PCM, waiting while the pipe is full.
   *
   * @throws IllegalStateException if the stream was finished or the reader closed it
   * @throws SpeechCancelledException if the thread is interrupted while it waits
   */
  public void write(byte[] pcm, int offset, int length) {
    lock.lock();
    try {
      int done = 0;
      while (done < length) {
        if (closed || finished) {
          throw new IllegalStateException(closed ? "the reader closed the audio pipe" : "the audio pipe was finished");
        }
        if (size == ring.length) {
          await(writable);
          continue;
        }
        int tail = (head + size) % ring.length;
        int n = Math.min(length - done, Math.min(ring.length - size, ring.length - tail));
        System.arraycopy(pcm, offset + done, ring, tail, n);
        size += n;
        done += n;
        readable.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream: the reader gets what is left, then the end. Idempotent. */
  public void finish() {
    lock.lock();
    try {
      finished = true;
      readable.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int sampleRate() {
    return format.sampleRate();
  }

  @Override
  public int channels() {
    return format.channels();
  }

  @Override
  public long frameCount() {
    return -1;
  }

  @Override
  public String description() {
    return String.format(Locale.ROOT, "live %s %d Hz, %d channel(s)", format.encoding(), format.sampleRate(),
        format.channels());
  }

  /**
   * Reads the frames that have arrived, waiting for at least one.
   *
   * @throws InvalidAudioException if the stream ends mid-frame or holds a non-finite float sample
   * @throws SpeechCancelledException if the thread is interrupted while it waits
   */
  @Override
  public int read(float[] buffer) {
    int frameSize = format.frameBytes();
    int wanted = Frames.capacity(buffer, format.channels());
    int bytes;
    lock.lock();
    try {
      while (size < frameSize && !finished && !closed) {
        await(readable);
      }
      if (size < frameSize) {
        if (size > 0 && !closed) {
          throw new InvalidAudioException(description() + " ended mid-frame: " + size + " stray bytes after "
              + framesRead + " frames of " + frameSize + " bytes");
        }
        return -1;
      }
      bytes = Math.min(wanted, size / frameSize) * frameSize;
      if (frameBytes.length < bytes) {
        frameBytes = new byte[bytes];
      }
      int first = Math.min(bytes, ring.length - head);
      System.arraycopy(ring, head, frameBytes, 0, first);
      System.arraycopy(ring, 0, frameBytes, first, bytes - first);
      head = (head + bytes) % ring.length;
      size -= bytes;
      writable.signal();
    } finally {
      lock.unlock();
    }
    int frames = bytes / frameSize;
    int bad = decoder.decode(frameBytes, buffer, frames * format.channels());
    if (bad >= 0) {
      throw new InvalidAudioException(description() + " holds a NaN or infinite sample at frame "
          + (framesRead + bad / format.channels()));
    }
    framesRead += frames;
    return frames;
  }

  /** The reader is done: pending bytes are dropped, and a waiting or later {@link #write} fails. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      size = 0;
      writable.signalAll();
      readable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void await(Condition condition) {
    try {
      condition.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("interrupted while waiting on " + description(), e);
    }
  }
}
