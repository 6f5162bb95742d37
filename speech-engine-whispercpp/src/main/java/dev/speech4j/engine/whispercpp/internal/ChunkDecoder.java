package dev.speech4j.engine.whispercpp.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.SpeechException;
import dev.speech4j.whisper.LogMel;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs whisper.cpp's {@code whisper_full} on one chunk of audio with one state, and reads its segments back. */
final class ChunkDecoder {
  private final WhisperModel model;
  private final Pointer state;
  private final DecodePlan plan;
  private final int threads;
  private final LogMel logMel;

  /** A segment as whisper.cpp reports it: times in centiseconds from the chunk's start. */
  record RawSegment(long t0, long t1, String text, List<RawToken> tokens) {}

  /** A token: id, probability, log probability, token-level times (centiseconds) and raw bytes (or null). */
  record RawToken(int id, float p, float plog, long t0, long t1, byte[] bytes) {}

  ChunkDecoder(WhisperModel model, Pointer state, DecodePlan plan, int threads) {
    this.model = model;
    this.state = state;
    this.plan = plan;
    this.threads = threads;
    this.logMel = new LogMel(model.header().melFilters(), model.header().hparams().nMels());
  }

  /** Gives whisper.cpp a log-mel, [mels][frames] row-major; the caller holds the context. */
  private void setMel(Pointer ctx, float[] mel) {
    int mels = model.header().hparams().nMels();
    if (model.lib().whisper_set_mel_with_state(ctx, state, mel, mel.length / mels, mels) != 0) {
      throw new SpeechException("whisper.cpp refused the log-mel: " + WhisperNatives.takeLastError());
    }
  }

  /**
   * Every language's probability (by whisper.cpp id) for the first 30 s of {@code samples[0, count)}, on the
   * log-mel openai detects on: that window of the padded signal, silence's log-mel past the audio.
   */
  float[] detectLanguage(float[] samples, int count) {
    WhisperLibrary lib = model.lib();
    float[] window = logMel.detectionWindow(samples, count);
    return model.call(ctx -> {
      float[] probs = new float[lib.whisper_lang_max_id() + 1];
      setMel(ctx, window);
      if (lib.whisper_lang_auto_detect_with_state(ctx, state, 0, threads, probs) < 0) {
        throw new SpeechException("whisper.cpp could not detect the language: " + WhisperNatives.takeLastError());
      }
      return probs;
    });
  }

  /**
   * Transcribes {@code samples[0, count)}.
   *
   * @param initialPrompt text that prompts the first window, or null
   * @param promptTokens previous text's tokens that prompt the first window (used when initialPrompt is null)
   */
  List<RawSegment> decode(float[] samples, int count, String language, String initialPrompt, int[] promptTokens) {
    WhisperLibrary lib = model.lib();
    try (Memory lang = utf8(language); Memory prompt = initialPrompt == null ? null : utf8(initialPrompt);
        Memory tokens = promptTokens.length == 0 ? null : ints(promptTokens)) {
      return model.call(ctx -> {
        Pointer defaults = lib.whisper_full_default_params_by_ref(WhisperLibrary.SAMPLING_GREEDY);
        WhisperLibrary.FullParams.ByValue params;
        try {
          params = new WhisperLibrary.FullParams.ByValue(defaults);
        } finally {
          lib.whisper_free_params(defaults);
        }
        plan.apply(params, threads);
        params.language = lang;
        params.initial_prompt = prompt;
        params.prompt_tokens = tokens;
        params.prompt_n_tokens = tokens == null ? 0 : promptTokens.length;
        setMel(ctx, logMel.compute(samples, count));
        Interruption interruption = new Interruption(Thread.currentThread(), lib.whisper_n_vocab(ctx),
            lib.whisper_token_eot(ctx));
        params.encoder_begin_callback = interruption.beforeEncoding;
        params.logits_filter_callback = interruption.endText;
        WhisperNatives.takeLastError();
        int rc = lib.whisper_full_with_state(ctx, state, params, null, 0);
        Reference.reachabilityFence(interruption);
        if (interruption.caller.isInterrupted()) {
          throw new SpeechCancelledException("interrupted: whisper.cpp stopped at its next decoding step");
        }
        if (rc != 0) {
          throw new SpeechException("whisper.cpp failed to transcribe (error " + rc + "): "
              + WhisperNatives.takeLastError());
        }
        return segments(lib, ctx);
      });
    }
  }

  /**
   * Stops {@code whisper_full} soon after the calling thread is interrupted (whisper.cpp 1.7.1 runs on past its
   * abort callback): each decoding step then ends the text at once, and the next window is not encoded.
   */
  private static final class Interruption {
    final Thread caller;
    final WhisperLibrary.EncoderBeginCallback beforeEncoding;
    final WhisperLibrary.LogitsFilterCallback endText;

    Interruption(Thread caller, int vocab, int eot) {
      this.caller = caller;
      this.beforeEncoding = (ctx, state, userData) -> !caller.isInterrupted();
      this.endText = (ctx, state, tokens, count, logits, userData) -> {
        if (caller.isInterrupted()) {
          float[] onlyEnd = new float[vocab];
          Arrays.fill(onlyEnd, Float.NEGATIVE_INFINITY);
          onlyEnd[eot] = 0;
          logits.write(0, onlyEnd, 0, vocab);
        }
      };
    }
  }

  private List<RawSegment> segments(WhisperLibrary lib, Pointer ctx) {
    boolean words = plan.effective().wordTimestamps();
    int n = lib.whisper_full_n_segments_from_state(state);
    List<RawSegment> segments = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int count = lib.whisper_full_n_tokens_from_state(state, i);
      List<RawToken> tokens = new ArrayList<>(count);
      for (int j = 0; j < count; j++) {
        WhisperLibrary.TokenData d = lib.whisper_full_get_token_data_from_state(state, i, j);
        byte[] bytes = words ? bytes(lib.whisper_full_get_token_text_from_state(ctx, state, i, j)) : null;
        tokens.add(new RawToken(d.id, d.p, d.plog, d.t0, d.t1, bytes));
      }
      String text = new String(bytes(lib.whisper_full_get_segment_text_from_state(state, i)),
          StandardCharsets.UTF_8);
      segments.add(new RawSegment(lib.whisper_full_get_segment_t0_from_state(state, i),
          lib.whisper_full_get_segment_t1_from_state(state, i), text, tokens));
    }
    return segments;
  }

  private static byte[] bytes(Pointer text) {
    return text == null ? new byte[0] : text.getByteArray(0, (int) text.indexOf(0, (byte) 0));
  }

  private static Memory utf8(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Memory memory = new Memory(bytes.length + 1L);
    memory.write(0, bytes, 0, bytes.length);
    memory.setByte(bytes.length, (byte) 0);
    return memory;
  }

  private static Memory ints(int[] values) {
    Memory memory = new Memory(4L * values.length);
    memory.write(0, values, 0, values.length);
    return memory;
  }
}
