package dev.speech4j.engine.whispercpp.internal;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The part of whisper.cpp 1.7.1's {@code whisper.h} that speech4j calls, as JNA maps it (64-bit platforms: size_t
 * is a Java long; C bool is a byte). Public only because JNA builds a proxy of it; the package is not exported.
 * Context and state handles are opaque {@link Pointer}s.
 */
public interface WhisperLibrary extends Library {
  int SAMPLING_GREEDY = 0;
  int SAMPLING_BEAM_SEARCH = 1;

  Pointer whisper_context_default_params_by_ref();

  void whisper_free_context_params(Pointer params);

  /** NULL when the file cannot be loaded (whisper.cpp logs why). */
  Pointer whisper_init_from_file_with_params_no_state(String path, ContextParams.ByValue params);

  void whisper_free(Pointer context);

  /** NULL when the state cannot be allocated. */
  Pointer whisper_init_state(Pointer context);

  void whisper_free_state(Pointer state);

  Pointer whisper_full_default_params_by_ref(int strategy);

  void whisper_free_params(Pointer params);

  /** 0 on success. */
  int whisper_full_with_state(Pointer context, Pointer state, FullParams.ByValue params, float[] samples, int count);

  int whisper_full_n_segments_from_state(Pointer state);

  /** Centiseconds from the start of the samples passed. */
  long whisper_full_get_segment_t0_from_state(Pointer state, int segment);

  long whisper_full_get_segment_t1_from_state(Pointer state, int segment);

  Pointer whisper_full_get_segment_text_from_state(Pointer state, int segment);

  int whisper_full_n_tokens_from_state(Pointer state, int segment);

  TokenData.ByValue whisper_full_get_token_data_from_state(Pointer state, int segment, int token);

  Pointer whisper_full_get_token_text_from_state(Pointer context, Pointer state, int segment, int token);

  /** 0 on success. */
  int whisper_pcm_to_mel_with_state(Pointer context, Pointer state, float[] samples, int count, int threads);

  /** 0 on success: sets the state's log-mel, [nMel][nLen] row-major, for calls given no samples. */
  int whisper_set_mel_with_state(Pointer context, Pointer state, float[] mel, int nLen, int nMel);

  /** The most probable language id, negative on failure; fills {@code probs[whisper_lang_max_id() + 1]}. */
  int whisper_lang_auto_detect_with_state(Pointer context, Pointer state, int offsetMs, int threads, float[] probs);

  /** 0 on success: encodes the 30 s window of the state's mel at {@code offset} frames. */
  int whisper_encode_with_state(Pointer context, Pointer state, int offset, int threads);

  /** 0 on success: runs the decoder on {@code tokens} after {@code past} cached positions. */
  int whisper_decode_with_state(Pointer context, Pointer state, int[] tokens, int count, int past, int threads);

  /** The logits of the last decode: one row of {@code whisper_n_vocab} floats per token decoded. */
  Pointer whisper_get_logits_from_state(Pointer state);

  int whisper_lang_max_id();

  /** -1 for an unknown code. */
  int whisper_lang_id(String code);

  String whisper_lang_str(int id);

  int whisper_is_multilingual(Pointer context);

  int whisper_n_vocab(Pointer context);

  int whisper_token_eot(Pointer context);

  int whisper_token_sot(Pointer context);

  int whisper_token_beg(Pointer context);

  int whisper_token_not(Pointer context);

  int whisper_token_transcribe(Pointer context);

  int whisper_token_lang(Pointer context, int languageId);

  String whisper_print_system_info();

  void whisper_log_set(LogCallback callback, Pointer userData);

  /** {@code whisper_encoder_begin_callback}: false stops {@code whisper_full} before it encodes the next window. */
  interface EncoderBeginCallback extends Callback {
    boolean invoke(Pointer context, Pointer state, Pointer userData);
  }

  /** {@code whisper_logits_filter_callback}: may rewrite the {@code n_vocab} logits of each decoding step. */
  interface LogitsFilterCallback extends Callback {
    void invoke(Pointer context, Pointer state, Pointer tokens, int count, Pointer logits, Pointer userData);
  }

  /** {@code ggml_log_callback}. */
  interface LogCallback extends Callback {
    void invoke(int level, Pointer text, Pointer userData);
  }

  /** {@code struct whisper_context_params}. */
  @Structure.FieldOrder({"use_gpu", "flash_attn", "gpu_device", "dtw_token_timestamps", "dtw_aheads_preset",
      "dtw_n_top", "dtw_aheads_n_heads", "dtw_aheads_heads", "dtw_mem_size"})
  class ContextParams extends Structure {
    public byte use_gpu;
    public byte flash_attn;
    public int gpu_device;
    public byte dtw_token_timestamps;
    public int dtw_aheads_preset;
    public int dtw_n_top;
    public long dtw_aheads_n_heads;
    public Pointer dtw_aheads_heads;
    public long dtw_mem_size;

    public ContextParams() {}

    /** Passed by value: a copy of {@code defaults} (read from native memory). */
    public static final class ByValue extends ContextParams implements Structure.ByValue {
      public ByValue() {}

      ByValue(Pointer defaults) {
        getPointer().write(0, defaults.getByteArray(0, size()), 0, size());
        read();
      }
    }
  }

  /** {@code struct whisper_full_params}; strings are native memory owned by the caller. */
  @Structure.FieldOrder({"strategy", "n_threads", "n_max_text_ctx", "offset_ms", "duration_ms", "translate",
      "no_context", "no_timestamps", "single_segment", "print_special", "print_progress", "print_realtime",
      "print_timestamps", "token_timestamps", "thold_pt", "thold_ptsum", "max_len", "split_on_word", "max_tokens",
      "debug_mode", "audio_ctx", "tdrz_enable", "suppress_regex", "initial_prompt", "prompt_tokens",
      "prompt_n_tokens", "language", "detect_language", "suppress_blank", "suppress_non_speech_tokens",
      "temperature", "max_initial_ts", "length_penalty", "temperature_inc", "entropy_thold", "logprob_thold",
      "no_speech_thold", "greedy_best_of", "beam_search_beam_size", "beam_search_patience", "new_segment_callback",
      "new_segment_callback_user_data", "progress_callback", "progress_callback_user_data",
      "encoder_begin_callback", "encoder_begin_callback_user_data", "abort_callback", "abort_callback_user_data",
      "logits_filter_callback", "logits_filter_callback_user_data", "grammar_rules", "n_grammar_rules",
      "i_start_rule", "grammar_penalty"})
  class FullParams extends Structure {
    public int strategy;
    public int n_threads;
    public int n_max_text_ctx;
    public int offset_ms;
    public int duration_ms;
    public byte translate;
    public byte no_context;
    public byte no_timestamps;
    public byte single_segment;
    public byte print_special;
    public byte print_progress;
    public byte print_realtime;
    public byte print_timestamps;
    public byte token_timestamps;
    public float thold_pt;
    public float thold_ptsum;
    public int max_len;
    public byte split_on_word;
    public int max_tokens;
    public byte debug_mode;
    public int audio_ctx;
    public byte tdrz_enable;
    public Pointer suppress_regex;
    public Pointer initial_prompt;
    public Pointer prompt_tokens;
    public int prompt_n_tokens;
    public Pointer language;
    public byte detect_language;
    public byte suppress_blank;
    public byte suppress_non_speech_tokens;
    public float temperature;
    public float max_initial_ts;
    public float length_penalty;
    public float temperature_inc;
    public float entropy_thold;
    public float logprob_thold;
    public float no_speech_thold;
    public int greedy_best_of;
    public int beam_search_beam_size;
    public float beam_search_patience;
    public Pointer new_segment_callback;
    public Pointer new_segment_callback_user_data;
    public Pointer progress_callback;
    public Pointer progress_callback_user_data;
    public EncoderBeginCallback encoder_begin_callback;
    public Pointer encoder_begin_callback_user_data;
    public Pointer abort_callback;
    public Pointer abort_callback_user_data;
    public LogitsFilterCallback logits_filter_callback;
    public Pointer logits_filter_callback_user_data;
    public Pointer grammar_rules;
    public long n_grammar_rules;
    public long i_start_rule;
    public float grammar_penalty;

    public FullParams() {}

    /** Passed by value: a copy of {@code defaults} (read from native memory). */
    public static final class ByValue extends FullParams implements Structure.ByValue {
      public ByValue() {}

      ByValue(Pointer defaults) {
        getPointer().write(0, defaults.getByteArray(0, size()), 0, size());
        read();
      }
    }
  }

  /** {@code whisper_token_data}. */
  @Structure.FieldOrder({"id", "tid", "p", "plog", "pt", "ptsum", "t0", "t1", "t_dtw", "vlen"})
  class TokenData extends Structure {
    public int id;
    public int tid;
    public float p;
    public float plog;
    public float pt;
    public float ptsum;
    public long t0;
    public long t1;
    public long t_dtw;
    public float vlen;

    /** Returned by value. */
    public static final class ByValue extends TokenData implements Structure.ByValue {}
  }
}
