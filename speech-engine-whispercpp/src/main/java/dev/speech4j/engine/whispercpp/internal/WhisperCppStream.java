package dev.speech4j.engine.whispercpp.internal;

import com.sun.jna.Pointer;
import dev.speech4j.InvalidAudioException;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.TranscriptionInfo;
import dev.speech4j.stt.TranscriptionStream;
import dev.speech4j.stt.Word;
import dev.speech4j.whisper.CompressionRatio;
import dev.speech4j.whisper.LogMel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One transcription: audio read in chunks of {@code chunkSeconds} (bounded memory; a chunk is read only when the
 * previous one's segments have all been handed out), each transcribed by whisper.cpp's own 30 s window loop.
 * Every chunk but the last keeps only the segments that end before its last 30 s, whose windows saw their whole
 * context; the next chunk starts where the last kept segment ends, prompted with the previous text. Segment times
 * are mapped back onto the whole audio.
 */
final class WhisperCppStream implements TranscriptionStream {
  static final int RATE = 16_000;
  private static final int WINDOW = 30 * RATE;
  /** whisper.cpp skips audio under one second; shorter input is padded with silence to this. */
  private static final int MIN_SAMPLES = RATE + RATE / 10;
  private static final int MAX_PROMPT = 224;

  private final WhisperModel model;
  private final Pointer state;
  private final AudioSource audio;
  private final DecodePlan plan;
  private final ChunkDecoder decoder;
  private final TranscriptionInfo info;
  private final float[] buffer;
  private final int eot;
  private final int timestampBegin;
  private int filled;
  private long bufferStart;
  private boolean sourceDone;
  private boolean done;
  private boolean consumed;
  private boolean closed;
  private int nextId;
  private int[] promptTokens = new int[0];
  private final Deque<Segment> pending = new ArrayDeque<>();

  WhisperCppStream(WhisperModel model, AudioSource audio, DecodePlan plan, int threads, int chunkSeconds) {
    this.model = model;
    this.audio = audio;
    this.plan = plan;
    this.buffer = new float[Math.max(chunkSeconds * RATE, WINDOW + MIN_SAMPLES)];
    this.state = model.acquire();
    try {
      this.decoder = new ChunkDecoder(model, state, plan, threads);
      this.eot = model.call(ctx -> model.lib().whisper_token_eot(ctx));
      this.timestampBegin = model.call(ctx -> model.lib().whisper_token_beg(ctx));
      fill();
      if (filled == 0) {
        throw new InvalidAudioException("the audio is empty: there is nothing to transcribe");
      }
      this.info = info(audio.frameCount() >= 0 ? audio.frameCount() / (double) RATE : Double.NaN);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private TranscriptionInfo info(double duration) {
    String language = plan.effective().language();
    if (language != null || !model.header().hparams().multilingual()) {
      String code = language == null ? "en" : language;
      return new TranscriptionInfo(code, 1.0, Map.of(), duration, plan.effective().toBuilder().language(code).build());
    }
    float[] probs = decoder.detectLanguage(buffer, padded());
    // whisper.cpp's softmax also covers ids past the model's languages (yue reads <|translate|> on 99-language
    // vocabularies): openai's is over the model's languages only
    int languages = Math.min(probs.length, model.header().hparams().languageCount());
    double sum = 0;
    for (int id = 0; id < languages; id++) {
      sum += probs[id];
    }
    Map<String, Double> all = new HashMap<>();
    int best = 0;
    for (int id = 0; id < languages; id++) {
      all.put(model.lib().whisper_lang_str(id), probs[id] / sum);
      best = probs[id] > probs[best] ? id : best;
    }
    String code = model.lib().whisper_lang_str(best);
    return new TranscriptionInfo(code, all.get(code), all, duration,
        plan.effective().toBuilder().language(code).build());
  }

  @Override
  public TranscriptionInfo info() {
    return info;
  }

  @Override
  public synchronized Stream<Segment> segments() {
    if (consumed) {
      throw new IllegalStateException("the segments of this transcription were already consumed");
    }
    consumed = true;
    Iterator<Segment> it = new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && !done) {
          decodeChunk();
        }
        return !pending.isEmpty();
      }

      @Override
      public Segment next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.poll();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public double durationAfterVad() {
    return (bufferStart + filled) / (double) RATE;
  }

  private void decodeChunk() {
    fill();
    boolean last = sourceDone;
    String initialPrompt = bufferStart == 0 ? initialPrompt() : null;
    List<ChunkDecoder.RawSegment> raw = decoder.decode(buffer, padded(), info.language(), initialPrompt,
        promptTokens);
    long cut = last ? Long.MAX_VALUE : (filled - WINDOW) / 160;
    long advanceCs = -1;
    List<Integer> text = new ArrayList<>();
    for (ChunkDecoder.RawSegment s : raw) {
      if (s.t1() > cut) {
        break;
      }
      pending.add(segment(s));
      advanceCs = s.t1();
      s.tokens().stream().filter(t -> t.id() < eot).forEach(t -> text.add(t.id()));
    }
    if (last) {
      done = true;
      return;
    }
    int advance = (int) Math.min(filled, (advanceCs < RATE / 160 ? cut : advanceCs) * 160);
    promptTokens = plan.effective().conditionOnPreviousText() ? tail(text) : new int[0];
    System.arraycopy(buffer, advance, buffer, 0, filled - advance);
    filled -= advance;
    bufferStart += advance;
  }

  private String initialPrompt() {
    String prompt = plan.effective().initialPrompt();
    // openai/whisper tokenizes " " + prompt.strip()
    return prompt == null ? null : " " + prompt.strip();
  }

  private int[] tail(List<Integer> tokens) {
    int[] all = tokens.stream().mapToInt(Integer::intValue).toArray();
    return Arrays.copyOfRange(all, Math.max(0, all.length - MAX_PROMPT), all.length);
  }

  private Segment segment(ChunkDecoder.RawSegment s) {
    double offset = bufferStart / (double) RATE;
    List<Integer> tokens = new ArrayList<>();
    List<WordBuilder.Piece> pieces = new ArrayList<>();
    double logprob = 0;
    int counted = 0;
    for (ChunkDecoder.RawToken t : s.tokens()) {
      if (t.id() >= eot && t.id() < timestampBegin) {
        continue;
      }
      tokens.add(t.id());
      logprob += t.plog();
      counted++;
      if (t.id() < eot && t.bytes() != null) {
        pieces.add(new WordBuilder.Piece(t.bytes(), offset + t.t0() / 100.0, offset + t.t1() / 100.0, t.p()));
      }
    }
    List<Word> words = plan.effective().wordTimestamps()
        ? WordBuilder.words(pieces, plan.effective().prependPunctuations(), plan.effective().appendPunctuations())
        : List.of();
    // without timestamps whisper.cpp reports no start, and the window's end (its start + 30 s): the segment spans
    // the window's audio
    boolean untimed = plan.effective().withoutTimestamps();
    double start = untimed ? offset + Math.max(0, s.t1() - WINDOW / 160) / 100.0 : offset + s.t0() / 100.0;
    double end = untimed ? offset + Math.min(s.t1(), LogMel.frames(filled)) / 100.0 : offset + s.t1() / 100.0;
    return new Segment(nextId++, (int) (bufferStart / 160), start, end,
        s.text(), tokens, Double.NaN, counted == 0 ? 0 : logprob / counted, CompressionRatio.of(s.text()),
        Double.NaN, words);
  }

  /** The samples whisper.cpp gets: the buffer, padded with silence to one second and a tenth. */
  private int padded() {
    if (filled < MIN_SAMPLES) {
      Arrays.fill(buffer, filled, MIN_SAMPLES, 0f);
      return MIN_SAMPLES;
    }
    return filled;
  }

  private void fill() {
    while (filled < buffer.length && !sourceDone) {
      float[] chunk = new float[Math.min(8192, buffer.length - filled)];
      int n = audio.read(chunk);
      if (n < 0) {
        sourceDone = true;
      } else {
        System.arraycopy(chunk, 0, buffer, filled, n);
        filled += n;
      }
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    done = true;
    try {
      audio.close();
    } finally {
      model.release(state);
    }
  }
}
