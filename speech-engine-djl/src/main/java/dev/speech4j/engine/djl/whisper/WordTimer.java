package dev.speech4j.engine.djl.whisper;

import dev.speech4j.stt.Word;
import dev.speech4j.whisper.Punctuation;
import dev.speech4j.whisper.WordTiming;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Word timestamps as openai/whisper's {@code timing.py}: dynamic time warping over the alignment heads'
 * cross-attention (softmax over the window's frames, normalised per frame, median filter of width 7), words split
 * on spaces (or on characters for languages written without them), punctuation merged into neighbours, and the
 * boundary heuristics of {@code add_word_timestamps}.
 */
final class WordTimer {
  private static final int MEDIAN_WIDTH = 7;
  private static final double TOKENS_PER_SECOND = 50;
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final Set<String> NO_SPACE_LANGUAGES = Set.of("zh", "ja", "th", "lo", "my", "yue");

  private final WhisperConfig config;
  private final TextCodec codec;

  WordTimer(WhisperConfig config, TextCodec codec) {
    this.config = config;
    this.codec = codec;
  }

  /** One word: its text, tokens, start and end in seconds from the window start, and mean token probability. */

  /** openai's {@code find_alignment}. */
  List<WordTiming> findAlignment(WhisperNetwork.EncodedAudio audio, String language, boolean translate, int[] textTokens,
      int numFrames) {
    if (textTokens.length == 0) {
      return List.of();
    }
    int[] sot = config.sotSequence(language, translate);
    int eot = config.tokens().eot();
    int[] tokens = new int[sot.length + textTokens.length + 2];
    System.arraycopy(sot, 0, tokens, 0, sot.length);
    tokens[sot.length] = config.tokens().noTimestamps();
    System.arraycopy(textTokens, 0, tokens, sot.length + 1, textTokens.length);
    tokens[tokens.length - 1] = eot;
    WhisperNetwork.Alignment alignment = audio.align(tokens);

    double[] tokenProbs = new double[textTokens.length];
    for (int i = 0; i < textTokens.length; i++) {
      float[] textLogits = Arrays.copyOf(alignment.logits()[sot.length + i], eot);
      tokenProbs[i] = Probabilities.softmaxAt(textLogits, textTokens[i]);
    }
    float[][] matrix = attentionMatrix(alignment.scores(), numFrames / 2, sot.length, tokens.length - 1);
    int[][] path = dtw(matrix);
    int[] textIndices = path[0];
    int[] timeIndices = path[1];

    int[] withEot = Arrays.copyOf(textTokens, textTokens.length + 1);
    withEot[textTokens.length] = eot;
    List<String> words = new ArrayList<>();
    List<int[]> wordTokens = new ArrayList<>();
    splitToWordTokens(withEot, language, words, wordTokens);
    if (wordTokens.size() <= 1) {
      return List.of();
    }
    List<Double> jumpTimes = new ArrayList<>();
    for (int i = 0; i < textIndices.length; i++) {
      if (i == 0 || textIndices[i] != textIndices[i - 1]) {
        jumpTimes.add(timeIndices[i] / TOKENS_PER_SECOND);
      }
    }
    List<WordTiming> out = new ArrayList<>();
    int boundary = 0;
    for (int w = 0; w < words.size() - 1; w++) {
      int next = boundary + wordTokens.get(w).length;
      double sum = 0;
      for (int i = boundary; i < next; i++) {
        sum += tokenProbs[i];
      }
      double probability = next > boundary ? sum / (next - boundary) : Double.NaN;
      out.add(new WordTiming(words.get(w), wordTokens.get(w), jumpTimes.get(boundary), jumpTimes.get(next), probability));
      boundary = next;
    }
    return out;
  }

  /** Softmax over the first {@code frames} frames, normalised over tokens, median-filtered, averaged over heads. */
  private static float[][] attentionMatrix(float[][][] scores, int frames, int fromToken, int toToken) {
    int tokens = scores[0].length;
    float[][] sum = new float[tokens][frames];
    for (float[][] head : scores) {
      float[][] w = new float[tokens][];
      for (int t = 0; t < tokens; t++) {
        w[t] = softmax(Arrays.copyOf(head[t], frames));
      }
      for (int f = 0; f < frames; f++) {
        double mean = 0;
        for (int t = 0; t < tokens; t++) {
          mean += w[t][f];
        }
        mean /= tokens;
        double variance = 0;
        for (int t = 0; t < tokens; t++) {
          variance += (w[t][f] - mean) * (w[t][f] - mean);
        }
        float std = (float) Math.sqrt(variance / tokens);
        for (int t = 0; t < tokens; t++) {
          w[t][f] = (float) ((w[t][f] - mean) / std);
        }
      }
      for (int t = 0; t < tokens; t++) {
        float[] filtered = medianFilter(w[t], MEDIAN_WIDTH);
        for (int f = 0; f < frames; f++) {
          sum[t][f] += filtered[f];
        }
      }
    }
    float[][] matrix = new float[toToken - fromToken][frames];
    for (int t = fromToken; t < toToken; t++) {
      for (int f = 0; f < frames; f++) {
        matrix[t - fromToken][f] = sum[t][f] / scores.length;
      }
    }
    return matrix;
  }

  private static float[] softmax(float[] row) {
    double[] p = Probabilities.softmax(row);
    float[] out = new float[row.length];
    for (int i = 0; i < row.length; i++) {
      out[i] = (float) p[i];
    }
    return out;
  }

  /** openai's {@code median_filter}: reflect padding, median of each window; too-short rows unchanged. */
  static float[] medianFilter(float[] x, int width) {
    int pad = width / 2;
    if (x.length <= pad) {
      return x;
    }
    float[] padded = new float[x.length + 2 * pad];
    for (int i = 0; i < padded.length; i++) {
      int j = i - pad;
      padded[i] = x[j < 0 ? -j : j >= x.length ? 2 * (x.length - 1) - j : j];
    }
    float[] out = new float[x.length];
    float[] window = new float[width];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(padded, i, window, 0, width);
      Arrays.sort(window);
      out[i] = window[pad];
    }
    return out;
  }

  /** openai's {@code dtw_cpu} on {@code -matrix} and its {@code backtrace}: the path as text and time indices. */
  static int[][] dtw(float[][] matrix) {
    int n = matrix.length;
    int m = matrix[0].length;
    float[][] cost = new float[n + 1][m + 1];
    int[][] trace = new int[n + 1][m + 1];
    for (float[] row : cost) {
      Arrays.fill(row, Float.POSITIVE_INFINITY);
    }
    for (int[] row : trace) {
      Arrays.fill(row, -1);
    }
    cost[0][0] = 0;
    for (int j = 1; j <= m; j++) {
      for (int i = 1; i <= n; i++) {
        float c0 = cost[i - 1][j - 1];
        float c1 = cost[i - 1][j];
        float c2 = cost[i][j - 1];
        float c;
        int t;
        if (c0 < c1 && c0 < c2) {
          c = c0;
          t = 0;
        } else if (c1 < c0 && c1 < c2) {
          c = c1;
          t = 1;
        } else {
          c = c2;
          t = 2;
        }
        cost[i][j] = (float) (-(double) matrix[i - 1][j - 1] + c);
        trace[i][j] = t;
      }
    }
    Arrays.fill(trace[0], 2);
    for (int[] row : trace) {
      row[0] = 1;
    }
    List<int[]> path = new ArrayList<>();
    int i = n;
    int j = m;
    while (i > 0 || j > 0) {
      path.add(new int[] {i - 1, j - 1});
      switch (trace[i][j]) {
        case 0 -> {
          i--;
          j--;
        }
        case 1 -> i--;
        case 2 -> j--;
        default -> throw new IllegalStateException("unexpected trace value at " + i + "," + j);
      }
    }
    int[][] out = new int[2][path.size()];
    for (int k = 0; k < path.size(); k++) {
      int[] step = path.get(path.size() - 1 - k);
      out[0][k] = step[0];
      out[1][k] = step[1];
    }
    return out;
  }

  /** openai's {@code split_to_word_tokens}. */
  void splitToWordTokens(int[] tokens, String language, List<String> words, List<int[]> wordTokens) {
    List<String> subwords = new ArrayList<>();
    List<int[]> subwordTokens = new ArrayList<>();
    splitOnUnicode(tokens, subwords, subwordTokens);
    if (language != null && NO_SPACE_LANGUAGES.contains(language)) {
      words.addAll(subwords);
      wordTokens.addAll(subwordTokens);
      return;
    }
    for (int i = 0; i < subwords.size(); i++) {
      String subword = subwords.get(i);
      int[] ids = subwordTokens.get(i);
      boolean special = ids[0] >= config.tokens().eot();
      boolean withSpace = subword.startsWith(" ");
      boolean punctuation = PUNCTUATION.contains(subword.strip());
      if (special || withSpace || punctuation || words.isEmpty()) {
        words.add(subword);
        wordTokens.add(ids);
      } else {
        int last = words.size() - 1;
        words.set(last, words.get(last) + subword);
        int[] merged = Arrays.copyOf(wordTokens.get(last), wordTokens.get(last).length + ids.length);
        System.arraycopy(ids, 0, merged, wordTokens.get(last).length, ids.length);
        wordTokens.set(last, merged);
      }
    }
  }

  private void splitOnUnicode(int[] tokens, List<String> words, List<int[]> wordTokens) {
    String full = codec.decodeWithTimestamps(tokens);
    int offset = 0;
    int from = 0;
    for (int i = 0; i < tokens.length; i++) {
      int[] current = Arrays.copyOfRange(tokens, from, i + 1);
      String decoded = codec.decodeWithTimestamps(current);
      int replacement = decoded.indexOf('\ufffd');
      if (replacement < 0 || full.charAt(offset + replacement) == '\ufffd') {
        words.add(decoded);
        wordTokens.add(current);
        from = i + 1;
        offset += decoded.length();
      }
    }
  }

  /** openai's {@code add_word_timestamps}: sets each segment's words and may move its start and end. */
  void addWordTimestamps(List<SegmentDraft> segments, WhisperNetwork.EncodedAudio audio, String language,
      boolean translate, int numFrames, String prepended, String appended, double lastSpeechTimestamp) {
    if (segments.isEmpty()) {
      return;
    }
    List<int[]> textTokensPerSegment = new ArrayList<>();
    List<Integer> all = new ArrayList<>();
    for (SegmentDraft s : segments) {
      int[] text = Arrays.stream(s.tokens).filter(t -> t < config.tokens().eot()).toArray();
      textTokensPerSegment.add(text);
      Arrays.stream(text).forEach(all::add);
    }
    List<WordTiming> alignment = findAlignment(audio, language, translate,
        all.stream().mapToInt(Integer::intValue).toArray(), numFrames);
    double[] durations = alignment.stream().mapToDouble(t -> t.end() - t.start()).filter(d -> d != 0).sorted()
        .toArray();
    double median = durations.length == 0 ? 0.0 : durations.length % 2 == 1 ? durations[durations.length / 2]
        : (durations[durations.length / 2 - 1] + durations[durations.length / 2]) / 2;
    double medianDuration = Math.min(0.7, median);
    double maxDuration = medianDuration * 2;
    if (durations.length > 0) {
      String sentenceEnd = ".。!！?？";
      for (int i = 1; i < alignment.size(); i++) {
        WordTiming t = alignment.get(i);
        if (t.end() - t.start() > maxDuration) {
          if (sentenceEnd.contains(t.text())) {
            t.setTimes(t.start(), t.start() + maxDuration);
          } else if (sentenceEnd.contains(alignment.get(i - 1).text())) {
            t.setTimes(t.end() - maxDuration, t.end());
          }
        }
      }
    }
    Punctuation.merge(alignment, prepended, appended);
    double timeOffset = segments.get(0).seek * LogMel.HOP / (double) LogMel.SAMPLE_RATE;
    int wordIndex = 0;
    for (int s = 0; s < segments.size(); s++) {
      SegmentDraft segment = segments.get(s);
      int savedTokens = 0;
      List<double[]> times = new ArrayList<>();
      List<WordTiming> timings = new ArrayList<>();
      while (wordIndex < alignment.size() && savedTokens < textTokensPerSegment.get(s).length) {
        WordTiming timing = alignment.get(wordIndex);
        if (!timing.text().isEmpty()) {
          times.add(new double[] {round2(timeOffset + timing.start()), round2(timeOffset + timing.end())});
          timings.add(timing);
        }
        savedTokens += timing.tokens().length;
        wordIndex++;
      }
      if (!times.isEmpty()) {
        double[] first = times.get(0);
        if (first[1] - lastSpeechTimestamp > medianDuration * 4
            && (first[1] - first[0] > maxDuration
                || times.size() > 1 && times.get(1)[1] - first[0] > maxDuration * 2)) {
          if (times.size() > 1 && times.get(1)[1] - times.get(1)[0] > maxDuration) {
            double boundary = Math.max(times.get(1)[1] / 2, times.get(1)[1] - maxDuration);
            first[1] = boundary;
            times.get(1)[0] = boundary;
          }
          first[0] = Math.max(0, first[1] - maxDuration);
        }
        if (segment.start < first[1] && segment.start - 0.5 > first[0]) {
          first[0] = Math.max(0, Math.min(first[1] - medianDuration, segment.start));
        } else {
          segment.start = first[0];
        }
        double[] last = times.get(times.size() - 1);
        if (segment.end > last[0] && segment.end + 0.5 < last[1]) {
          last[1] = Math.max(last[0] + medianDuration, segment.end);
        } else {
          segment.end = last[1];
        }
        lastSpeechTimestamp = segment.end;
      }
      List<Word> words = new ArrayList<>();
      for (int w = 0; w < times.size(); w++) {
        words.add(new Word(times.get(w)[0], times.get(w)[1], timings.get(w).text(), timings.get(w).probability()));
      }
      segment.words = words;
    }
  }

  /** Python's {@code round(x, 2)}: the exact binary value rounded half-even. */
  static double round2(double x) {
    return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
  }
}
