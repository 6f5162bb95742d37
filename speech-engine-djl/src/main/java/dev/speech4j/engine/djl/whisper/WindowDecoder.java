package dev.speech4j.engine.djl.whisper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Decodes one 30 s window as openai/whisper's {@code DecodingTask} does: the SOT sequence with prompt and prefix,
 * the logit filters, greedy, sampling or beam search, and ranking of the candidates. Stateless and thread-safe.
 */
final class WindowDecoder {
  private final WhisperConfig config;
  private final TextCodec codec;
  private final int[] blank;

  WindowDecoder(WhisperConfig config, TextCodec codec) {
    this.config = config;
    this.codec = codec;
    this.blank = codec.encode(" ");
  }

  /** Language probabilities of the window, by code in token order (openai's {@code detect_language}). */
  Map<String, Double> detectLanguage(WhisperNetwork.EncodedAudio audio) {
    if (config.languages().isEmpty()) {
      throw new IllegalStateException("an English-only model cannot detect the language");
    }
    float[] logits;
    try (WhisperNetwork.TokenSession session = audio.session(1)) {
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
    int[] sot = config.sotSequence(o.language(), o.translate());
    if (o.withoutTimestamps()) {
      sot = TokenDecoder.append(sot, config.tokens().noTimestamps());
    }
    int[] initial = initialTokens(sot, o);
    int sampleBegin = initial.length;
    int sotIndex = indexOf(initial, config.tokens().sot());
    boolean beam = o.temperature() == 0 && o.beamSize() > 0;
    int group = beam ? o.beamSize() : o.temperature() > 0 ? o.bestOf() : 1;
    List<LogitFilters.Filter> filters = filters(o, sampleBegin);

    int[][] tokens = new int[group][];
    Arrays.fill(tokens, initial);
    float[] sumLogprobs = new float[group];
    double noSpeechProb = Double.NaN;
    TokenDecoder.Candidates candidates;
    try (WhisperNetwork.TokenSession session = audio.session(group)) {
      TokenDecoder decoder = beam
          ? new BeamSearchDecoder(o.beamSize(), config.tokens().eot(), session, o.patience())
          : new GreedyDecoder(o.temperature(), config.tokens().eot(), o.random());
      float[][] logits = session.next(columns(tokens, 0, sotIndex + 1));
      if (config.tokens().noSpeech() >= 0) {
        noSpeechProb = Probabilities.softmaxAt(logits[0], config.tokens().noSpeech());
      }
      if (sotIndex + 1 < initial.length) {
        logits = session.next(columns(tokens, sotIndex + 1, initial.length));
      }
      for (int i = 0; i < o.sampleLen(); i++) {
        if (i > 0) {
          logits = session.next(columns(tokens, tokens[0].length - 1, tokens[0].length));
        }
        for (LogitFilters.Filter filter : filters) {
          filter.apply(logits, tokens);
        }
        tokens = decoder.update(tokens, logits, sumLogprobs);
        if (decoder.completed() || tokens[0].length > config.dims().nTextCtx()) {
          break;
        }
      }
      candidates = decoder.finish(tokens, sumLogprobs);
    }
    return best(candidates, sampleBegin, o, noSpeechProb);
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
    return new WindowResult(sampled, text, avgLogprob, noSpeech, o.temperature(), WindowResult.compressionRatio(text));
  }

  /** SOT sequence, then prefix; with a prompt, {@code <|startofprev|>} and the prompt's last tokens before them. */
  private int[] initialTokens(int[] sot, WindowOptions o) {
    List<Integer> tokens = new ArrayList<>();
    for (int t : sot) {
      tokens.add(t);
    }
    if (o.prefix() != null && !o.prefix().isEmpty()) {
      int[] prefix = codec.encode(" " + o.prefix().strip());
      int maxPrefix = config.dims().nTextCtx() / 2 - o.sampleLen();
      for (int t : pythonTail(prefix, maxPrefix)) {
        tokens.add(t);
      }
    }
    if (!o.prompt().isEmpty()) {
      int[] prompt = o.prompt().stream().mapToInt(Integer::intValue).toArray();
      List<Integer> head = new ArrayList<>();
      head.add(config.tokens().sotPrev());
      for (int t : pythonTail(prompt, config.dims().nTextCtx() / 2 - 1)) {
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
        maxInitial = (int) Math.rint(o.maxInitialTimestamp() / config.timePrecision());
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

  private static int[][] columns(int[][] tokens, int from, int to) {
    int[][] out = new int[tokens.length][];
    for (int k = 0; k < tokens.length; k++) {
      out[k] = Arrays.copyOfRange(tokens[k], from, to);
    }
    return out;
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
