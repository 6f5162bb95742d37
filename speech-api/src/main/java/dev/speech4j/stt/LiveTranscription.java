package dev.speech4j.stt;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.audio.AudioPipe;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.vad.VadEvent;
import dev.speech4j.vad.VadSession;
import dev.speech4j.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Transcription of audio while it is spoken: write PCM as it arrives, in chunks of any size, and a
 * {@link LiveListener} hears speech start and stop, partial hypotheses, committed words and the end of each
 * utterance.
 *
 * <p>The VAD cuts the stream into utterances (ended by {@link LiveOptions#endpointSilence()} of silence, or at
 * {@link LiveOptions#maxUtterance()}); silence is never decoded. Within an utterance the buffer since its start is
 * decoded every {@link LiveOptions#partialInterval()} of audio, with word timestamps and the committed text as
 * prompt; the words two consecutive decodes agree on are committed (LocalAgreement-2, Macháček et al. 2023), the rest
 * is the partial. Past {@link LiveOptions#trimAfter()} the buffer is cut back at the last committed word; at the end
 * of the utterance what the last decode holds is committed. Each decode is prompted with the last 224 characters
 * committed before it. Decoding follows the audio, not the wall clock, so the same audio gives the same events
 * however it was chunked; a decoder slower than real time makes writers wait. Memory is bounded by the longest
 * utterance.
 *
 * <pre>{@code
 * try (LiveTranscription live = LiveTranscription.open(whisper::transcribe, Speech.vad(), LiveOptions.defaults(),
 *     new LiveListener() {
 *       public void partial(Segment guess) { System.out.print("\r" + guess.text()); }
 *       public void committed(Segment s) { System.out.println("\n" + s.text()); }
 *     })) {
 *   while ((n = microphone.read(buffer)) > 0) live.write(buffer, 0, n);
 *   live.finish();
 * }
 * }</pre>
 *
 * <p>Writes may come from any thread; listener calls come in order on the session's own thread, and one that throws
 * stops the session as a decoder's failure does.
 */
public final class LiveTranscription implements AutoCloseable {
  /** The rate audio is decoded and judged at. */
  private static final int RATE = 16_000;
  private static final int FRAME = 512;
  private static final int PROMPT_CHARS = 224;
  /** Audio kept before speech starts, for the VAD's look-back and padding. */
  private static final int PREROLL = 2 * RATE;

  /** What decodes an utterance's buffer: {@code Transcriber::transcribe}, or a service's transcription. */
  @FunctionalInterface
  public interface Decoder {
    Transcription decode(SpeechAudio audio, TranscriptionOptions options);
  }

  private final Decoder decoder;
  private final LiveOptions options;
  private final LiveListener listener;
  private final AudioPipe pipe;
  private final VadSession vad;
  private final CompletableFuture<Transcription> done = new CompletableFuture<>();
  private final Thread worker;
  private volatile boolean closed;
  private volatile boolean finished;

  // state of the worker thread
  private float[] audio = new float[PREROLL + FRAME];
  private long audioStart; // absolute sample of audio[0]
  private int audioSize;
  private long position; // samples heard
  private boolean speaking;
  private long utteranceStart;
  private long speechSamples; // in ended utterances
  private long bufferStart; // absolute sample the next decode starts at
  private long lastDecode;
  private LocalAgreement agreement;
  private String lastPartial = "";
  private final List<Segment> transcript = new ArrayList<>();
  private final StringBuilder committedText = new StringBuilder();
  private String language;

  private LiveTranscription(Decoder decoder, VoiceActivityDetector detector, LiveOptions options,
      LiveListener listener) {
    if (detector.sampleRate() != RATE) {
      throw new InvalidOptionsException("live transcription needs a VAD at 16 kHz; this one runs at "
          + detector.sampleRate() + " Hz");
    }
    this.decoder = decoder;
    this.options = options;
    this.listener = listener;
    this.pipe = AudioPipe.open(options.format(), Math.max(1 << 16, 4 * options.format().sampleRate()
        * options.format().frameBytes()));
    this.vad = detector.openSession(options.vad());
    this.worker = new Thread(this::run, "speech4j-live");
    worker.setDaemon(true);
  }

  /**
   * Starts a session that decodes with {@code decoder} and finds speech with {@code vad} (which must stay open
   * while the session runs).
   *
   * @throws InvalidOptionsException if the VAD does not score 16 kHz audio
   */
  public static LiveTranscription open(Decoder decoder, VoiceActivityDetector vad, LiveOptions options,
      LiveListener listener) {
    LiveTranscription live = new LiveTranscription(decoder, vad, options, listener);
    live.worker.start();
    return live;
  }

  /**
   * Adds PCM in the layout of {@link LiveOptions#format()}; waits while 4 s of audio are not yet processed.
   *
   * @throws IllegalStateException if the session was finished or closed
   * @throws RuntimeException what stopped the session (a decoder's failure), if it stopped
   */
  public void write(byte[] pcm, int offset, int length) {
    try {
      pipe.write(pcm, offset, length);
    } catch (IllegalStateException e) {
      if (!finished && !closed) {
        result(); // the session stopped by itself: this throws why
      }
      throw e;
    }
  }

  /**
   * Ends the input and waits until the rest is decoded and reported.
   *
   * @return the transcript: every committed segment, in order
   */
  public Transcription finish() {
    finished = true;
    pipe.finish();
    return result();
  }

  /** Stops at once: pending audio is dropped, a decode in progress interrupted, and nothing more reported. */
  @Override
  public void close() {
    closed = true;
    pipe.close();
    worker.interrupt();
  }

  private void run() {
    try (AudioSource source = pipe.mono().resample(RATE); vad) {
      float[] chunk = new float[FRAME];
      for (int n; (n = source.read(chunk)) > 0 && !closed; ) {
        append(chunk, n);
        position += n;
        handle(vad.push(chunk, 0, n));
        if (speaking && position - lastDecode >= options.partialInterval().toMillis() * RATE / 1000) {
          decodePartial();
        }
      }
      if (!closed) {
        handle(vad.finish());
      }
      done.complete(new Transcription(language == null ? "" : language, Double.NaN, (double) position / RATE,
          (double) speechSamples / RATE, transcript));
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(closed ? new SpeechCancelledException("the live transcription was closed", e) : e);
    } finally {
      pipe.close();
    }
  }

  private void handle(List<VadEvent> events) {
    for (VadEvent e : events) {
      if (e.type() == VadEvent.Type.SPEECH_START) {
        speaking = true;
        utteranceStart = e.sample();
        bufferStart = Math.max(e.sample(), audioStart);
        lastDecode = position;
        agreement = new LocalAgreement();
        listener.speechStarted(e.seconds());
      } else {
        listener.speechStopped(e.seconds());
        List<Word> last = decode(Math.min(e.sample(), position));
        commit(agreement.flush(last));
        lastPartial = "";
        speaking = false;
        speechSamples += e.sample() - utteranceStart;
        listener.endpoint(e.seconds());
      }
    }
    if (!speaking && audioSize > 2 * PREROLL) { // compacted now and then, not on every frame
      keepFrom(position - PREROLL);
    }
  }

  private void decodePartial() {
    lastDecode = position;
    commit(agreement.insert(decode(position)));
    List<Word> pending = agreement.pending();
    String partial = pending.stream().map(Word::text).collect(Collectors.joining());
    if (!partial.equals(lastPartial)) {
      lastPartial = partial;
      listener.partial(segment(-1, pending, partial));
    }
    double committedEnd = agreement.committedEnd();
    if (position - bufferStart > options.trimAfter().toMillis() * RATE / 1000 && committedEnd > 0) {
      bufferStart = Math.max(bufferStart, Math.min(position, Math.round(committedEnd * RATE)));
      keepFrom(bufferStart);
    }
  }

  /** Decodes the buffer up to {@code end}; its words with times from the start of the stream. */
  private List<Word> decode(long end) {
    int from = (int) (bufferStart - audioStart);
    int to = (int) (end - audioStart);
    if (to - from < FRAME) {
      return List.of();
    }
    TranscriptionOptions.Builder b = options.transcription().toBuilder().wordTimestamps(true);
    if (committedText.length() > 0) {
      b.initialPrompt(committedText.substring(Math.max(0, committedText.length() - PROMPT_CHARS)).strip());
    }
    Transcription t = decoder.decode(SpeechAudio.of(Arrays.copyOfRange(audio, from, to), RATE), b.build());
    language = t.language();
    double offset = (double) bufferStart / RATE;
    List<Word> words = new ArrayList<>();
    for (Segment s : t.segments()) {
      for (Word w : s.words()) {
        words.add(new Word(w.start() + offset, w.end() + offset, w.text(), w.probability()));
      }
    }
    return words;
  }

  private void commit(List<Word> words) {
    if (words.isEmpty()) {
      return;
    }
    String text = words.stream().map(Word::text).collect(Collectors.joining());
    Segment segment = segment(transcript.size(), words, text);
    transcript.add(segment);
    committedText.append(text);
    listener.committed(segment);
  }

  /** A segment of {@code words}; a partial one has id -1 and, when empty, the times of the audio heard. */
  private Segment segment(int id, List<Word> words, String text) {
    double now = (double) position / RATE;
    double start = words.isEmpty() ? now : words.get(0).start();
    double end = words.isEmpty() ? now : words.get(words.size() - 1).end();
    return new Segment(id, 0, start, end, text, List.of(), 0, Double.NaN, Double.NaN, Double.NaN, words);
  }

  private void append(float[] chunk, int n) {
    if (audioSize + n > audio.length) {
      audio = Arrays.copyOf(audio, Math.max(audio.length * 2, audioSize + n));
    }
    System.arraycopy(chunk, 0, audio, audioSize, n);
    audioSize += n;
  }

  /** Drops the audio before absolute sample {@code sample}. */
  private void keepFrom(long sample) {
    int drop = (int) Math.min(audioSize, Math.max(0, sample - audioStart));
    if (drop > 0) {
      System.arraycopy(audio, drop, audio, 0, audioSize - drop);
      audioSize -= drop;
      audioStart += drop;
    }
  }

  private Transcription result() {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("interrupted while waiting for the live transcription", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }
}
