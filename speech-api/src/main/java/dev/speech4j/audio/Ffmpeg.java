package dev.speech4j.audio;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.UnsupportedAudioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decodes what Java does not (MP3, Ogg, WebM, M4A…) through an {@code ffmpeg} process, streaming.
 *
 * <p>ffmpeg reads the file itself (so it can seek, as MP4 needs) or, for streams, stdin fed by a daemon thread; no
 * temporary file is written. It writes 32-bit float WAV to stdout at the source's own rate and channel count. Only
 * the header of that WAV is parsed here, to learn the rate and channels; its sizes are placeholders on a pipe, so
 * samples run to the end of the output. The last 4 KB of ffmpeg's stderr go into the error when it fails. The
 * executable is {@code ffmpeg} on the PATH unless the system property {@value #EXECUTABLE_PROPERTY} names another.
 */
final class Ffmpeg implements AudioSource {
  /** System property naming the ffmpeg executable to run instead of {@code ffmpeg} on the PATH. */
  static final String EXECUTABLE_PROPERTY = "speech4j.ffmpeg";

  private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final int STDERR_TAIL = 4096;
  private static final int MAX_HEADER_CHUNK = 1 << 16;
  private static final long EXIT_WAIT_SECONDS = 10;
  private static final long THREAD_WAIT_MILLIS = 2000;

  private final Process process;
  private final InputStream source;
  private final InputStream stdout;
  private final Thread pump;
  private final StderrTail stderr;
  private final String name;
  private final Container container;
  private final byte[] bytes = new byte[1 << 16];
  private volatile IOException sourceFailure;
  private int sampleRate;
  private int channels;
  private int pending;
  private boolean ended;
  private volatile boolean closed;

  private Ffmpeg(Process process, InputStream source, boolean pumpSource, String name, Container container) {
    this.process = process;
    this.source = source;
    this.stdout = process.getInputStream();
    this.name = name;
    this.container = container;
    this.stderr = new StderrTail(process.getErrorStream());
    this.pump = pumpSource ? daemon(this::pumpSource, "speech4j-ffmpeg-stdin") : null;
  }

  /**
   * Starts ffmpeg on {@code file}, closing {@code in}, or on {@code in} when {@code file} is null, and reads the
   * header of its output.
   */
  static AudioSource open(InputStream in, Path file, String name, Container container) {
    String configured = System.getProperty(EXECUTABLE_PROPERTY);
    List<String> command = new ArrayList<>(List.of(executable(),
        "-hide_banner", "-loglevel", "error", "-nostdin",
        "-i", file != null ? "file:" + file.toAbsolutePath() : "pipe:0",
        "-map", "0:a:0", "-c:a", "pcm_f32le", "-f", "wav", "-"));
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new UnsupportedAudioException(notStarted(name, container, configured, e), e);
    }
    Ffmpeg ffmpeg = new Ffmpeg(process, in, file == null, name, container);
    try {
      if (file != null) {
        in.close();
        process.getOutputStream().close();
      }
      ffmpeg.readHeader();
      return ffmpeg;
    } catch (IOException e) {
      ffmpeg.close();
      throw new UncheckedIOException("cannot run ffmpeg on " + name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      ffmpeg.close();
      throw e;
    }
  }

  /** The ffmpeg to run: the system property's, else {@code ffmpeg} on the PATH. */
  static String executable() {
    return System.getProperty(EXECUTABLE_PROPERTY, "ffmpeg");
  }

  private static String notStarted(String name, Container container, String configured, IOException e) {
    String what = container == Container.UNKNOWN
        ? name + " is not WAV or FLAC, so speech4j tries to decode it through ffmpeg"
        : name + " looks like " + container.label() + ", which speech4j decodes through ffmpeg";
    String problem = configured == null
        ? "no ffmpeg was found on the PATH"
        : "the ffmpeg named by -D" + EXECUTABLE_PROPERTY + "=" + configured + " could not be started ("
            + e.getMessage() + ")";
    return what + ", but " + problem + ". Install it (apt-get install ffmpeg / brew install ffmpeg / dnf install"
        + " ffmpeg) or convert the file to WAV or FLAC.";
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public long frameCount() {
    return -1;
  }

  @Override
  public String description() {
    return (container == Container.UNKNOWN ? "audio" : container.label()) + " decoded by ffmpeg";
  }

  @Override
  public int read(float[] buffer) {
    int frameBytes = 4 * channels;
    int want = Math.min(Frames.capacity(buffer, channels), bytes.length / frameBytes) * frameBytes;
    try {
      while (pending < frameBytes) {
        int n = ended ? -1 : stdout.read(bytes, pending, want - pending);
        if (n < 0) {
          if (!ended) {
            ended = true;
            finish();
          }
          return -1;
        }
        pending += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ffmpeg's output for " + name + ": " + e.getMessage(), e);
    }
    int frames = pending / frameBytes;
    int used = frames * frameBytes;
    for (int i = 0, b = 0; b < used; i++, b += 4) {
      buffer[i] = (float) FLOAT_LE.get(bytes, b);
    }
    System.arraycopy(bytes, used, bytes, 0, pending - used);
    pending -= used;
    return frames;
  }

  /** Kills ffmpeg if it still runs and waits for it and the helper threads to end. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    process.destroyForcibly();
    closeQuietly(stdout);
    closeQuietly(source);
    try {
      process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
      if (pump != null) {
        pump.join(THREAD_WAIT_MILLIS);
      }
      stderr.thread.join(THREAD_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Process process() {
    return process;
  }

  Thread pumpThread() {
    return pump;
  }

  /** Reads the WAV header ffmpeg writes, up to the start of the samples. */
  private void readHeader() throws IOException {
    byte[] riff = readHeaderBytes(12);
    if (!ascii(riff, 0).equals("RIFF") || !ascii(riff, 8).equals("WAVE")) {
      throw unexpectedOutput("it does not start with RIFF/WAVE");
    }
    boolean sawFormat = false;
    while (true) {
      byte[] chunk = readHeaderBytes(8);
      String id = ascii(chunk, 0);
      if (id.equals("data")) {
        break;
      }
      long size = (long) readInt(chunk, 4) & 0xFFFFFFFFL;
      if (size > MAX_HEADER_CHUNK) {
        throw unexpectedOutput("its " + id + " chunk is " + size + " bytes long");
      }
      byte[] body = readHeaderBytes((int) (size + (size & 1)));
      if (id.equals("fmt ")) {
        int format = readShort(body, 0);
        int bits = size >= 16 ? readShort(body, 14) : 0;
        if ((format != 3 && format != 0xFFFE) || bits != 32) {
          throw unexpectedOutput("its samples are not 32-bit float (format " + format + ", " + bits + " bits)");
        }
        channels = readShort(body, 2);
        sampleRate = readInt(body, 4);
        sawFormat = true;
      }
    }
    if (!sawFormat || channels <= 0 || sampleRate <= 0) {
      throw unexpectedOutput("it declares " + channels + " channels at " + sampleRate + " Hz");
    }
  }

  private byte[] readHeaderBytes(int n) throws IOException {
    byte[] header = stdout.readNBytes(n);
    if (header.length < n) {
      finish();
      throw unexpectedOutput("it ended inside the WAV header");
    }
    return header;
  }

  /** At the end of ffmpeg's output: waits for it to exit and turns a failure into an exception. */
  private void finish() {
    try {
      if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new InvalidAudioException(name + ": ffmpeg closed its output but did not exit within "
            + EXIT_WAIT_SECONDS + " s");
      }
      stderr.thread.join(THREAD_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("interrupted while waiting for ffmpeg to decode " + name, e);
    }
    IOException failure = sourceFailure;
    if (failure != null) {
      throw new UncheckedIOException("cannot read " + name + ": " + failure.getMessage(), failure);
    }
    if (process.exitValue() != 0) {
      String message = stderr.text();
      throw new InvalidAudioException(name + " (" + container.label() + ", decoded through ffmpeg): ffmpeg failed"
          + " with exit code " + process.exitValue() + (message.isEmpty() ? "" : ": " + message)
          + "; the audio is corrupt or in a format ffmpeg cannot read");
    }
  }

  private InvalidAudioException unexpectedOutput(String problem) {
    return new InvalidAudioException(name + ": ffmpeg's output is not the WAV speech4j asked for: " + problem);
  }

  /** Copies the caller's stream into ffmpeg's stdin until either ends. */
  private void pumpSource() {
    byte[] chunk = new byte[1 << 16];
    try (OutputStream stdin = process.getOutputStream()) {
      while (true) {
        int n;
        try {
          n = source.read(chunk);
        } catch (IOException e) {
          if (!closed) {
            sourceFailure = e;
          }
          return;
        }
        if (n < 0) {
          return;
        }
        stdin.write(chunk, 0, n);
      }
    } catch (IOException e) {
      // ffmpeg stopped reading: it has exited (its exit code tells why) or the source was closed
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static String ascii(byte[] b, int offset) {
    return new String(b, offset, 4, StandardCharsets.ISO_8859_1);
  }

  private static int readShort(byte[] b, int offset) {
    return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
  }

  private static int readInt(byte[] b, int offset) {
    return readShort(b, offset) | readShort(b, offset + 2) << 16;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // closing on the way out; the decode result is already decided
    }
  }

  /** Drains ffmpeg's stderr, keeping the last {@value #STDERR_TAIL} bytes. */
  private static final class StderrTail {
    private final byte[] tail = new byte[STDERR_TAIL];
    private final Thread thread;
    private long written;

    StderrTail(InputStream err) {
      this.thread = daemon(() -> drain(err), "speech4j-ffmpeg-stderr");
    }

    private void drain(InputStream err) {
      byte[] chunk = new byte[1024];
      try (err) {
        for (int n; (n = err.read(chunk)) > 0; ) {
          append(chunk, n);
        }
      } catch (IOException e) {
        // the process was killed; what was kept so far is all there is
      }
    }

    private synchronized void append(byte[] chunk, int n) {
      for (int i = 0; i < n; i++) {
        tail[(int) (written++ % STDERR_TAIL)] = chunk[i];
      }
    }

    synchronized String text() {
      int size = (int) Math.min(written, STDERR_TAIL);
      byte[] ordered = new byte[size];
      for (int i = 0; i < size; i++) {
        ordered[i] = tail[(int) ((written - size + i) % STDERR_TAIL)];
      }
      return new String(ordered, StandardCharsets.UTF_8).trim().replace('\n', ' ');
    }
  }
}
