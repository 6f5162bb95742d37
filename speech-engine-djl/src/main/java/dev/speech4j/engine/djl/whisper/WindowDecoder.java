package dev.speech4j.engine.djl.whisper;

import dev.speech4j.whisper.CompressionRatio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Decodes 30 s windows as openai/whisper's {@code DecodingTask} does: the SOT sequence with prompt and prefix, the
 * logit filters, greedy, sampling or beam search, and ranking of the candidates.
 *
 * <p>Several windows decode as one batch: windows whose initial sequences (prompt, SOT sequence, prefix) have the
 * same length share one {@link WhisperNetwork.TokenSession}, so their caches stay the same length and every step is
 * one decoder call for all their rows. Each window keeps its own filters, decoder and random source, and its rows
 * leave the batch when it is done, so each result is the one it would have alone. A window whose caller is cancelled
 * leaves at the next step, with no result. Stateless and thread-safe.
 */
final class WindowDecoder {
  private final WhisperNetwork network;
  private final WhisperConfig config;
  private final TextCodec codec;
  private final int[] blank;

  WindowDecoder(WhisperNetwork network, WhisperConfig config, TextCodec codec) {
    this.network = network;
    this.config = config;
    this.codec = codec;
    this.blank = codec.encode(" ");
  }

  /**
   * One window to decode: its encoded audio, its options, and whether its caller has given up (checked before every
   * step).
   */
  record Window(WhisperNetwork.EncodedAudio audio, WindowOptions options, BooleanSupplier cancelled) {

    /** A window given up when the thread making it is interrupted. */
    Window(WhisperNetwork.EncodedAudio audio, WindowOptions options) {
      this(audio, options, interruptionOf(Thread.currentThread()));
    }

    static BooleanSupplier interruptionOf(Thread caller) {
      return caller::isInterrupted;
    }
  }

  /** Language probabilities of the window, by code in token order (openai's {@code detect_language}). */
  Map<String, Double> detectLanguage(WhisperNetwork.EncodedAudio audio) {
    if (config.languages().isEmpty()) {
      throw new IllegalStateException("an English-only model cannot detect the language");
    }
    float[] logits;
    try (WhisperNetwork.TokenSession session = network.session(audio, 1)) {
      logits = session.next(new int[][] {{config.tokens().sot()}})[0];
    }
    float[] masked = new float[logits.length];
    Arrays.fill(masked, Float.NEGATIVE_INFINITY);
    for (int token : config.languages().values()) {
      masked[token] = logits[token];
    }
    double[] p = Probabilities.softmax(masked);
    Map<String, Double> out = new LinkedHashMap<>();
    config.languages().forEach((code, token) -> out.put(code, p[token]));
    return out;
  }

  WindowResult decode(WhisperNetwork.EncodedAudio audio, WindowOptions o) {
    return decodeAll(List.of(new Window(audio, o))).get(0);
  }

  /**
   * Decodes every window, batching those whose initial sequences are alike; results in the same order, null for a
   * window given up.
   */
  List<WindowResult> decodeAll(List<Window> windows) {
    Map<List<Integer>, List<Job>> batches = new LinkedHashMap<>();
    List<Job> jobs = new ArrayList<>();
    for (Window window : windows) {
      Job job = new Job(window);
      jobs.add(job);
      batches.computeIfAbsent(List.of(job.sotIndex, job.initial.length), k -> new ArrayList<>()).add(job);
    }
    batches.values().forEach(this::decodeTogether);
    return jobs.stream().map(job -> job.result).toList();
  }

  /** Decodes jobs whose initial sequences have the same length and SOT position in one session, in lockstep. */
  private void decodeTogether(List<Job> jobs) {
    List<WhisperNetwork.EncodedAudio> audios = jobs.stream().map(job -> job.audio).toList();
    int[] rows = jobs.stream().mapToInt(job -> job.group).toArray();
    try (WhisperNetwork.TokenSession session = network.session(audios, rows)) {
      Job first = jobs.get(0);
      float[][] logits = session.next(columns(jobs, 0, first.sotIndex + 1));
      int offset = 0;
      for (Job job : jobs) {
        job.noSpeech(logits[offset]);
        offset += job.group;
      }
      if (first.sotIndex + 1 < first.initial.length) {
        logits = session.next(columns(jobs, first.sotIndex + 1, first.initial.length));
      }
      List<Job> active = jobs.stream().filter(job -> !job.finishIfAtLimit(0)).toList();
      for (int i = 0; !active.isEmpty(); i++) {
        if (i > 0) {
          int length = active.get(0).tokens[0].length;
          logits = session.next(columns(active, length - 1, length));
        }
        List<Job> next = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        offset = 0;
        for (Job job : active) {
          if (job.cancelled.getAsBoolean()) {
            offset += job.group; // it leaves the batch with no result
            continue;
          }
          int[] kept = job.step(Arrays.copyOfRange(logits, offset, offset + job.group), i);
          if (kept != null) {
            next.add(job);
            for (int source : kept) {
              sources.add(offset + source);
            }
          }
          offset += job.group;
        }
        if (!next.isEmpty()) {
          session.reorder(sources.stream().mapToInt(Integer::intValue).toArray());
        }
        active = next;
      }
    }
  }

  /** One window's decoding state: openai's DecodingTask for one audio. */
  private final class Job {
    final WhisperNetwork.EncodedAudio audio;
    final WindowOptions options;
    final BooleanSupplier cancelled;
    final int[] initial;
    final int sotIndex;
    final int group;
    final List<LogitFilters.Filter> filters;
    final float[] sumLogprobs;
    final TokenDecoder decoder;
    int[][] tokens;
    double noSpeechProb = Double.NaN;
    WindowResult result;

    Job(Window window) {
      this.audio = window.audio();
      this.options = window.options();
      this.cancelled = window.cancelled();
      int[] sot = config.sotSequence(options.language(), options.translate());
      if (options.withoutTimestamps()) {
        sot = TokenDecoder.append(sot, config.tokens().noTimestamps());
      }
      this.initial = initialTokens(sot, options);
      this.sotIndex = indexOf(initial, config.tokens().sot());
      boolean beam = options.temperature() == 0 && options.beamSize() > 0;
      this.group = beam ? options.beamSize() : options.temperature() > 0 ? options.bestOf() : 1;
      this.filters = filters(options, initial.length);
      this.sumLogprobs = new float[group];
      this.tokens = new int[group][];
      Arrays.fill(tokens, initial);
      this.decoder = beam
          ? new BeamSearchDecoder(options.beamSize(), config.tokens().eot(), options.patience())
          : new GreedyDecoder(options.temperature(), config.tokens().eot(), options.random());
    }

    void noSpeech(float[] sotLogits) {
      if (config.tokens().noSpeech() >= 0) {
        noSpeechProb = Probabilities.softmaxAt(sotLogits, config.tokens().noSpeech());
      }
    }

    /**
     * Filters this window's logits and chooses its next tokens.
     *
     * @return where each of its rows continues from, or null when it is done
     */
    int[] step(float[][] logits, int i) {
      for (LogitFilters.Filter filter : filters) {
        filter.apply(logits, tokens);
      }
      tokens = decoder.update(tokens, logits, sumLogprobs);
      if (decoder.completed() || tokens[0].length > config.dims().nTextCtx() || finishIfAtLimit(i + 1)) {
        finish();
        return null;
      }
      return decoder.sources(group);
    }

    /** Finishes when {@code steps} sampled tokens are the most asked for; true when it did. */
    boolean finishIfAtLimit(int steps) {
      if (steps < options.sampleLen()) {
        return false;
      }
      finish();
      return true;
    }

    private void finish() {
      if (result == null) {
        result = best(decoder.finish(tokens, sumLogprobs), initial.length, options, noSpeechProb);
      }
    }
  }

  private WindowResult best(TokenDecoder.Candidates candidates, int sampleBegin, WindowOptions o, double noSpeech) {
    int chosen = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    List<int[]> texts = new ArrayList<>();
    for (int i = 0; i < candidates.sequences().size(); i++) {
      int[] sequence = candidates.sequences().get(i);
      int[] sampled = Arrays.copyOfRange(sequence, sampleBegin, indexOf(sequence, config.tokens().eot()));
      texts.add(sampled);
      double length = sampled.length;
      double penalty = o.lengthPenalty() == null ? length : Math.pow((5 + length) / 6, o.lengthPenalty());
      double score = candidates.sumLogprobs().get(i) / penalty;
      if (chosen < 0 || score > bestScore) {
        chosen = i;
        bestScore = score;
      }
    }
    int[] sampled = texts.get(chosen);
    String text = codec.decode(sampled).strip();
    double avgLogprob = candidates.sumLogprobs().get(chosen) / (sampled.length + 1);
    return new WindowResult(sampled, text, avgLogprob, noSpeech, o.temperature(), CompressionRatio.of(text));
  }

  /** SOT sequence, then prefix; with a prompt, {@code <|startofprev|>} and the prompt's last tokens before them. */
  private int[] initialTokens(int[] sot, WindowOptions o) {
    List<Integer> tokens = new ArrayList<>();
    for (int t : sot) {
      tokens.add(t);
    }
    if (o.prefix() != null && !o.prefix().isEmpty()) {
      int[] prefix = codec.encode(" " + o.prefix().strip());
      int maxPrefix = config.dims().sampleLimit() - o.sampleLen();
      for (int t : pythonTail(prefix, maxPrefix)) {
        tokens.add(t);
      }
    }
    if (!o.prompt().isEmpty()) {
      int[] prompt = o.prompt().stream().mapToInt(Integer::intValue).toArray();
      List<Integer> head = new ArrayList<>();
      head.add(config.tokens().sotPrev());
      for (int t : pythonTail(prompt, config.dims().promptLimit())) {
        head.add(t);
      }
      tokens.addAll(0, head);
    }
    return tokens.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Python's {@code tokens[-n:]}, which keeps everything when n is 0 and drops the first -n when n is negative. */
  static int[] pythonTail(int[] tokens, int n) {
    int start = -n < 0 ? Math.max(0, tokens.length - n) : Math.min(tokens.length, -n);
    return Arrays.copyOfRange(tokens, start, tokens.length);
  }

  private List<LogitFilters.Filter> filters(WindowOptions o, int sampleBegin) {
    List<LogitFilters.Filter> filters = new ArrayList<>();
    WhisperConfig.SpecialTokens special = config.tokens();
    if (o.suppressBlank()) {
      filters.add(LogitFilters.suppressBlank(blank, special.eot(), sampleBegin));
    }
    if (!o.suppressTokens().isEmpty()) {
      filters.add(LogitFilters.suppressTokens(suppressTokens(o.suppressTokens())));
    }
    if (!o.withoutTimestamps()) {
      Integer maxInitial = null;
      if (o.maxInitialTimestamp() != null && o.maxInitialTimestamp() != 0) {
        maxInitial = (int) Math.rint(o.maxInitialTimestamp() / config.dims().timePrecision());
      }
      filters.add(LogitFilters.timestampRules(special, sampleBegin, maxInitial));
    }
    return filters;
  }

  /** openai's {@code _get_suppress_tokens}: -1 expands to the non-speech tokens; the control tokens always. */
  private int[] suppressTokens(List<Integer> requested) {
    TreeSet<Integer> out = new TreeSet<>();
    for (int t : requested) {
      if (t >= 0) {
        out.add(t);
      }
    }
    if (requested.contains(-1)) {
      out.addAll(config.suppressTokens());
    }
    WhisperConfig.SpecialTokens s = config.tokens();
    out.addAll(List.of(s.transcribe(), s.translate(), s.sot(), s.sotPrev(), s.sotLm()));
    if (s.noSpeech() >= 0) {
      out.add(s.noSpeech());
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Tokens {@code [from, to)} of every row of every job, job by job. */
  private static int[][] columns(List<Job> jobs, int from, int to) {
    List<int[]> out = new ArrayList<>();
    for (Job job : jobs) {
      for (int[] row : job.tokens) {
        out.add(Arrays.copyOfRange(row, from, to));
      }
    }
    return out.toArray(int[][]::new);
  }

  private static int indexOf(int[] tokens, int token) {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == token) {
        return i;
      }
    }
    return tokens.length;
  }
}
