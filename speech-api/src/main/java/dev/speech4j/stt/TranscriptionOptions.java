package dev.speech4j.stt;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.vad.VadOptions;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * How to transcribe: the options of openai/whisper's {@code transcribe()} and faster-whisper, with their defaults.
 * Where the two differ, speech4j follows the openai/whisper command line, which faster-whisper also uses: beam
 * search with 5 beams, and 5 candidates when sampling. Set {@code beamSize(1)} for greedy decoding.
 *
 * <p>Immutable; {@link #defaults()} and {@link #toBuilder()} start a new one. Setters reject bad values at once
 * with {@link InvalidOptionsException}. Engines reject options they cannot honour rather than ignore them.
 *
 * <pre>{@code
 * TranscriptionOptions options = TranscriptionOptions.builder().language("en").beamSize(1).wordTimestamps(true).build();
 * }</pre>
 */
public final class TranscriptionOptions {
  /** The most beams or samples per window: each keeps its own decoder cache (openai's CLI uses 5). */
  public static final int MAX_CANDIDATES = 32;
  /** The most temperatures to fall back through (openai's default has 6). */
  public static final int MAX_TEMPERATURES = 16;
  /** The highest temperature: beyond it sampling is noise. */
  public static final double MAX_TEMPERATURE = 5.0;
  /** The longest initial prompt or prefix, in characters: Whisper keeps at most 223 of its tokens anyway. */
  public static final int MAX_PROMPT_CHARS = 16_384;
  /** The most tokens a window may sample: Whisper's decoder has 448 positions. */
  public static final int MAX_NEW_TOKENS = 448;
  /** The most suppressed token ids, clip times or punctuation characters: more than any vocabulary or use needs. */
  public static final int MAX_LIST_LENGTH = 65_536;
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final TranscriptionOptions DEFAULTS = new Builder().build();

  private final String language;
  private final Task task;
  private final List<Double> temperatures;
  private final int beamSize;
  private final int bestOf;
  private final double patience;
  private final Double lengthPenalty;
  private final Double compressionRatioThreshold;
  private final Double logProbThreshold;
  private final Double noSpeechThreshold;
  private final boolean conditionOnPreviousText;
  private final double promptResetOnTemperature;
  private final String initialPrompt;
  private final String prefix;
  private final boolean suppressBlank;
  private final List<Integer> suppressTokens;
  private final boolean withoutTimestamps;
  private final Double maxInitialTimestamp;
  private final boolean wordTimestamps;
  private final String prependPunctuations;
  private final String appendPunctuations;
  private final List<Double> clipTimestamps;
  private final Double hallucinationSilenceThreshold;
  private final Integer maxNewTokens;
  private final long seed;
  private final boolean vadFilter;
  private final VadOptions vadOptions;

  private TranscriptionOptions(Builder b) {
    language = b.language;
    task = b.task;
    temperatures = b.temperatures;
    beamSize = b.beamSize;
    bestOf = b.bestOf;
    patience = b.patience;
    lengthPenalty = b.lengthPenalty;
    compressionRatioThreshold = b.compressionRatioThreshold;
    logProbThreshold = b.logProbThreshold;
    noSpeechThreshold = b.noSpeechThreshold;
    conditionOnPreviousText = b.conditionOnPreviousText;
    promptResetOnTemperature = b.promptResetOnTemperature;
    initialPrompt = b.initialPrompt;
    prefix = b.prefix;
    suppressBlank = b.suppressBlank;
    suppressTokens = b.suppressTokens;
    withoutTimestamps = b.withoutTimestamps;
    maxInitialTimestamp = b.maxInitialTimestamp;
    wordTimestamps = b.wordTimestamps;
    prependPunctuations = b.prependPunctuations;
    appendPunctuations = b.appendPunctuations;
    clipTimestamps = b.clipTimestamps;
    hallucinationSilenceThreshold = b.hallucinationSilenceThreshold;
    maxNewTokens = b.maxNewTokens;
    seed = b.seed;
    vadFilter = b.vadFilter;
    vadOptions = b.vadOptions;
  }

  /** Every option at its default. */
  public static TranscriptionOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The spoken language code, e.g. {@code "en"}; null to detect it. */
  public String language() {
    return language;
  }

  public Task task() {
    return task;
  }

  /** Temperatures tried in order, falling back when a result fails the thresholds. Default 0.0, 0.2 … 1.0. */
  public List<Double> temperatures() {
    return temperatures;
  }

  /** Beams for beam search at temperature 0; 1 means greedy. Default 5. */
  public int beamSize() {
    return beamSize;
  }

  /** Candidates sampled at temperatures above 0, best kept. Default 5. */
  public int bestOf() {
    return bestOf;
  }

  /** Beam search patience (arXiv:2204.05424). Default 1.0. */
  public double patience() {
    return patience;
  }

  /** Alpha of Google NMT's length penalty; empty (default) ranks beams by log probability over length. */
  public OptionalDouble lengthPenalty() {
    return optional(lengthPenalty);
  }

  /** A result compressing better than this ratio is retried hotter. Default 2.4; empty disables the check. */
  public OptionalDouble compressionRatioThreshold() {
    return optional(compressionRatioThreshold);
  }

  /** A result whose mean log probability is below this is retried hotter. Default -1.0; empty disables. */
  public OptionalDouble logProbThreshold() {
    return optional(logProbThreshold);
  }

  /** A window is skipped as silent above this no-speech probability (if the log probability check also fails).
   *  Default 0.6; empty disables. */
  public OptionalDouble noSpeechThreshold() {
    return optional(noSpeechThreshold);
  }

  /** Whether each window is prompted with the previous one's text. Default true. */
  public boolean conditionOnPreviousText() {
    return conditionOnPreviousText;
  }

  /** The prompt is dropped once the temperature exceeds this. Default 0.5. */
  public double promptResetOnTemperature() {
    return promptResetOnTemperature;
  }

  /** Text that prompts the first window (spelling, style); null for none. */
  public String initialPrompt() {
    return initialPrompt;
  }

  /** Text the first window's output is forced to begin with; null for none. */
  public String prefix() {
    return prefix;
  }

  /** Whether blank outputs are suppressed at the start of sampling. Default true. */
  public boolean suppressBlank() {
    return suppressBlank;
  }

  /** Token ids never sampled; -1 stands for the model's own list. Default [-1]. */
  public List<Integer> suppressTokens() {
    return suppressTokens;
  }

  /** Whether to decode text only, with no timestamp tokens. Default false. */
  public boolean withoutTimestamps() {
    return withoutTimestamps;
  }

  /** The first timestamp may not be later than this many seconds. Default 1.0; empty removes the limit. */
  public OptionalDouble maxInitialTimestamp() {
    return optional(maxInitialTimestamp);
  }

  /** Whether to time each word from cross-attention. Default false. */
  public boolean wordTimestamps() {
    return wordTimestamps;
  }

  /** Punctuation merged into the following word, with word timestamps. */
  public String prependPunctuations() {
    return prependPunctuations;
  }

  /** Punctuation merged into the preceding word, with word timestamps. */
  public String appendPunctuations() {
    return appendPunctuations;
  }

  /** Start,end pairs in seconds of the clips to transcribe (a last lone start runs to the end). Default [0]. */
  public List<Double> clipTimestamps() {
    return clipTimestamps;
  }

  /** With word timestamps, skip silent gaps longer than this many seconds around suspected hallucinations. */
  public OptionalDouble hallucinationSilenceThreshold() {
    return optional(hallucinationSilenceThreshold);
  }

  /** Tokens decoded per window at most; empty for the model's default (half its text context). */
  public OptionalInt maxNewTokens() {
    return maxNewTokens == null ? OptionalInt.empty() : OptionalInt.of(maxNewTokens);
  }

  /** Seed of the sampling random generator, so that sampled results are repeatable. Default 0. */
  public long seed() {
    return seed;
  }

  /** Whether to cut non-speech out with a VAD before transcribing. Default false. */
  public boolean vadFilter() {
    return vadFilter;
  }

  /** VAD settings for {@link #vadFilter()}. Default {@link VadOptions#forTranscription()}. */
  public VadOptions vadOptions() {
    return vadOptions;
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private Object[] fields() {
    return new Object[] {language, task, temperatures, beamSize, bestOf, patience, lengthPenalty,
        compressionRatioThreshold, logProbThreshold, noSpeechThreshold, conditionOnPreviousText,
        promptResetOnTemperature, initialPrompt, prefix, suppressBlank, suppressTokens, withoutTimestamps,
        maxInitialTimestamp, wordTimestamps, prependPunctuations, appendPunctuations, clipTimestamps,
        hallucinationSilenceThreshold, maxNewTokens, seed, vadFilter, vadOptions};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TranscriptionOptions other && java.util.Arrays.equals(fields(), other.fields());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(fields());
  }

  @Override
  public String toString() {
    return "TranscriptionOptions[language=" + language + ", task=" + task + ", temperatures=" + temperatures
        + ", beamSize=" + beamSize + ", bestOf=" + bestOf + ", patience=" + patience + ", lengthPenalty="
        + lengthPenalty + ", compressionRatioThreshold=" + compressionRatioThreshold + ", logProbThreshold="
        + logProbThreshold + ", noSpeechThreshold=" + noSpeechThreshold + ", conditionOnPreviousText="
        + conditionOnPreviousText + ", promptResetOnTemperature=" + promptResetOnTemperature
        + ", initialPrompt=" + initialPrompt + ", prefix=" + prefix + ", suppressBlank=" + suppressBlank
        + ", suppressTokens=" + suppressTokens + ", withoutTimestamps=" + withoutTimestamps
        + ", maxInitialTimestamp=" + maxInitialTimestamp + ", wordTimestamps=" + wordTimestamps
        + ", clipTimestamps=" + clipTimestamps + ", hallucinationSilenceThreshold="
        + hallucinationSilenceThreshold + ", maxNewTokens=" + maxNewTokens + ", seed=" + seed + ", vadFilter="
        + vadFilter + ", vadOptions=" + vadOptions + "]";
  }

  /** Builds {@link TranscriptionOptions}. Each setter rejects an out-of-range value at once. */
  public static final class Builder {
    private String language;
    private Task task = Task.TRANSCRIBE;
    private List<Double> temperatures = List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
    private int beamSize = 5;
    private int bestOf = 5;
    private double patience = 1.0;
    private Double lengthPenalty;
    private Double compressionRatioThreshold = 2.4;
    private Double logProbThreshold = -1.0;
    private Double noSpeechThreshold = 0.6;
    private boolean conditionOnPreviousText = true;
    private double promptResetOnTemperature = 0.5;
    private String initialPrompt;
    private String prefix;
    private boolean suppressBlank = true;
    private List<Integer> suppressTokens = List.of(-1);
    private boolean withoutTimestamps;
    private Double maxInitialTimestamp = 1.0;
    private boolean wordTimestamps;
    private String prependPunctuations = "\"'“¿([{-";
    private String appendPunctuations = "\"'.。,，!！?？:：”)]}、";
    private List<Double> clipTimestamps = List.of(0.0);
    private Double hallucinationSilenceThreshold;
    private Integer maxNewTokens;
    private long seed;
    private boolean vadFilter;
    private VadOptions vadOptions = VadOptions.forTranscription();

    private Builder() {}

    private Builder(TranscriptionOptions o) {
      language = o.language;
      task = o.task;
      temperatures = o.temperatures;
      beamSize = o.beamSize;
      bestOf = o.bestOf;
      patience = o.patience;
      lengthPenalty = o.lengthPenalty;
      compressionRatioThreshold = o.compressionRatioThreshold;
      logProbThreshold = o.logProbThreshold;
      noSpeechThreshold = o.noSpeechThreshold;
      conditionOnPreviousText = o.conditionOnPreviousText;
      promptResetOnTemperature = o.promptResetOnTemperature;
      initialPrompt = o.initialPrompt;
      prefix = o.prefix;
      suppressBlank = o.suppressBlank;
      suppressTokens = o.suppressTokens;
      withoutTimestamps = o.withoutTimestamps;
      maxInitialTimestamp = o.maxInitialTimestamp;
      wordTimestamps = o.wordTimestamps;
      prependPunctuations = o.prependPunctuations;
      appendPunctuations = o.appendPunctuations;
      clipTimestamps = o.clipTimestamps;
      hallucinationSilenceThreshold = o.hallucinationSilenceThreshold;
      maxNewTokens = o.maxNewTokens;
      seed = o.seed;
      vadFilter = o.vadFilter;
      vadOptions = o.vadOptions;
    }

    /** A lowercase ISO 639 code such as {@code "en"} or {@code "haw"}; null to detect. */
    public Builder language(String language) {
      if (language != null && !LANGUAGE.matcher(language).matches()) {
        throw new InvalidOptionsException(
            "language must be a lowercase ISO 639 code such as \"en\" (or null to detect), got \"" + language + "\"");
      }
      this.language = language;
      return this;
    }

    public Builder task(Task task) {
      this.task = Objects.requireNonNull(task, "task");
      return this;
    }

    /** One to {@value #MAX_TEMPERATURES} temperatures, each in [0, {@value #MAX_TEMPERATURE}], tried in order. */
    public Builder temperatures(List<Double> temperatures) {
      if (temperatures == null || temperatures.isEmpty()) {
        throw new InvalidOptionsException("temperatures must list at least one value, e.g. [0.0]");
      }
      if (temperatures.size() > MAX_TEMPERATURES) {
        throw new InvalidOptionsException("temperatures must list at most " + MAX_TEMPERATURES + " values, got "
            + temperatures.size());
      }
      for (Double t : temperatures) {
        if (t == null || !(t >= 0 && t <= MAX_TEMPERATURE)) {
          throw new InvalidOptionsException("each temperature must be in [0, " + MAX_TEMPERATURE + "], got "
              + temperatures);
        }
      }
      this.temperatures = List.copyOf(temperatures);
      return this;
    }

    /** A single temperature, with no fallback. */
    public Builder temperature(double temperature) {
      return temperatures(List.of(temperature));
    }

    /** Beams at temperature 0, 1 to {@value #MAX_CANDIDATES}; 1 is greedy. */
    public Builder beamSize(int beamSize) {
      this.beamSize = bounded("beamSize", beamSize, MAX_CANDIDATES);
      return this;
    }

    /** Samples at a temperature above 0, 1 to {@value #MAX_CANDIDATES}. */
    public Builder bestOf(int bestOf) {
      this.bestOf = bounded("bestOf", bestOf, MAX_CANDIDATES);
      return this;
    }

    public Builder patience(double patience) {
      if (!(patience > 0) || Double.isInfinite(patience)) {
        throw new InvalidOptionsException("patience must be finite and positive, got " + patience);
      }
      this.patience = patience;
      return this;
    }

    /** Alpha in [0, 1]; null for ranking by mean log probability. */
    public Builder lengthPenalty(Double alpha) {
      if (alpha != null && !(alpha >= 0 && alpha <= 1)) {
        throw new InvalidOptionsException("lengthPenalty must be in [0, 1] (or null), got " + alpha);
      }
      this.lengthPenalty = alpha;
      return this;
    }

    /** Null disables the check. */
    public Builder compressionRatioThreshold(Double ratio) {
      this.compressionRatioThreshold = finite("compressionRatioThreshold", ratio);
      return this;
    }

    /** Null disables the check. */
    public Builder logProbThreshold(Double logProb) {
      this.logProbThreshold = finite("logProbThreshold", logProb);
      return this;
    }

    /** A probability in [0, 1]; null disables the no-speech skip. */
    public Builder noSpeechThreshold(Double probability) {
      if (probability != null && !(probability >= 0 && probability <= 1)) {
        throw new InvalidOptionsException("noSpeechThreshold must be in [0, 1] (or null), got " + probability);
      }
      this.noSpeechThreshold = probability;
      return this;
    }

    public Builder conditionOnPreviousText(boolean condition) {
      this.conditionOnPreviousText = condition;
      return this;
    }

    public Builder promptResetOnTemperature(double temperature) {
      if (!(temperature >= 0) || Double.isInfinite(temperature)) {
        throw new InvalidOptionsException("promptResetOnTemperature must be finite and >= 0, got " + temperature);
      }
      this.promptResetOnTemperature = temperature;
      return this;
    }

    /** Text that conditions the first window, at most {@value #MAX_PROMPT_CHARS} characters; null for none. */
    public Builder initialPrompt(String prompt) {
      this.initialPrompt = shortText("initialPrompt", prompt);
      return this;
    }

    /** Text the first window's transcript starts with, at most {@value #MAX_PROMPT_CHARS} characters. */
    public Builder prefix(String prefix) {
      this.prefix = shortText("prefix", prefix);
      return this;
    }

    public Builder suppressBlank(boolean suppress) {
      this.suppressBlank = suppress;
      return this;
    }

    /** Token ids, each >= 0, or -1 for the model's own list. An empty list suppresses nothing. */
    public Builder suppressTokens(List<Integer> tokens) {
      listLength("suppressTokens", Objects.requireNonNull(tokens, "tokens").size());
      for (Integer t : tokens) {
        if (t == null || t < -1) {
          throw new InvalidOptionsException("suppressTokens must be token ids >= 0 or -1, got " + tokens);
        }
      }
      this.suppressTokens = List.copyOf(tokens);
      return this;
    }

    public Builder withoutTimestamps(boolean without) {
      this.withoutTimestamps = without;
      return this;
    }

    /** Seconds >= 0; null for no limit. */
    public Builder maxInitialTimestamp(Double seconds) {
      if (seconds != null && !(seconds >= 0) || seconds != null && seconds.isInfinite()) {
        throw new InvalidOptionsException("maxInitialTimestamp must be finite and >= 0 (or null), got " + seconds);
      }
      this.maxInitialTimestamp = seconds;
      return this;
    }

    public Builder wordTimestamps(boolean words) {
      this.wordTimestamps = words;
      return this;
    }

    public Builder prependPunctuations(String punctuations) {
      listLength("prependPunctuations", Objects.requireNonNull(punctuations, "punctuations").length());
      this.prependPunctuations = punctuations;
      return this;
    }

    public Builder appendPunctuations(String punctuations) {
      listLength("appendPunctuations", Objects.requireNonNull(punctuations, "punctuations").length());
      this.appendPunctuations = punctuations;
      return this;
    }

    /** Alternating start and end seconds, non-negative, each clip's end after its start. */
    public Builder clipTimestamps(List<Double> seconds) {
      if (seconds == null || seconds.isEmpty()) {
        throw new InvalidOptionsException("clipTimestamps must list at least a start, e.g. [0]");
      }
      listLength("clipTimestamps", seconds.size());
      for (int i = 0; i < seconds.size(); i++) {
        Double s = seconds.get(i);
        if (s == null || !(s >= 0) || s.isInfinite()) {
          throw new InvalidOptionsException("clipTimestamps must be finite seconds >= 0, got " + seconds);
        }
        if (i % 2 == 1 && s <= seconds.get(i - 1)) {
          throw new InvalidOptionsException(
              "clip " + (i / 2) + " must end after its start: it starts at " + seconds.get(i - 1) + " s and ends at " + s + " s");
        }
      }
      this.clipTimestamps = List.copyOf(seconds);
      return this;
    }

    /** Seconds > 0; null (default) turns the hallucination skip off. Needs word timestamps. */
    public Builder hallucinationSilenceThreshold(Double seconds) {
      if (seconds != null && !(seconds > 0)) {
        throw new InvalidOptionsException("hallucinationSilenceThreshold must be positive (or null), got " + seconds);
      }
      this.hallucinationSilenceThreshold = seconds;
      return this;
    }

    /** 1 to {@value #MAX_NEW_TOKENS}; null for the model's default. */
    public Builder maxNewTokens(Integer tokens) {
      if (tokens != null) {
        bounded("maxNewTokens", tokens, MAX_NEW_TOKENS);
      }
      this.maxNewTokens = tokens;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder vadFilter(boolean filter) {
      this.vadFilter = filter;
      return this;
    }

    public Builder vadOptions(VadOptions options) {
      this.vadOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** @throws InvalidOptionsException if a hallucination threshold is set without word timestamps */
    public TranscriptionOptions build() {
      if (hallucinationSilenceThreshold != null && !wordTimestamps) {
        throw new InvalidOptionsException("hallucinationSilenceThreshold works only with wordTimestamps(true)");
      }
      return new TranscriptionOptions(this);
    }

    private static int bounded(String name, int value, int max) {
      if (value < 1 || value > max) {
        throw new InvalidOptionsException(name + " must be between 1 and " + max + ", got " + value);
      }
      return value;
    }

    private static String shortText(String name, String text) {
      if (text != null && text.length() > MAX_PROMPT_CHARS) {
        throw new InvalidOptionsException(name + " must have at most " + MAX_PROMPT_CHARS + " characters, got "
            + text.length());
      }
      return text;
    }

    private static void listLength(String name, int length) {
      if (length > MAX_LIST_LENGTH) {
        throw new InvalidOptionsException(name + " must have at most " + MAX_LIST_LENGTH + " entries, got " + length);
      }
    }


    private static Double finite(String name, Double value) {
      if (value != null && !Double.isFinite(value)) {
        throw new InvalidOptionsException(name + " must be finite (or null to disable), got " + value);
      }
      return value;
    }
  }
}
