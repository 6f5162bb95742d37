package dev.speech4j.engine.djl.whisper;

import dev.speech4j.SpeechCancelledException;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Task;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.Word;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * openai/whisper's {@code transcribe()} loop: seeks through the audio in 30 s windows (within the clips asked for),
 * decodes each with temperature fallback, skips silent windows, splits the output into segments at timestamp pairs,
 * times words, and prompts each window with the previous text. Segments come out window by window as they are
 * pulled. One instance per call; not thread-safe.
 */
final class LongForm implements Iterator<Segment> {
  private static final String PUNCTUATION = "\"'“¿([{-\"'.。,，!！?？:：”)]}、";

  private final WindowBatcher batcher;
  private final WhisperConfig config;
  private final TextCodec codec;
  private final WordTimer timer;
  private final LogMel.Spectrogram mel;
  private final String language;
  private final TranscriptionOptions options;
  private final BooleanSupplier cancelled;
  private final int contentFrames;
  private final List<int[]> clips = new ArrayList<>();
  private final List<Integer> allTokens = new ArrayList<>();
  private final int[] initialPromptTokens;
  private final RandomGenerator random;
  private final ArrayDeque<Segment> ready = new ArrayDeque<>();
  private int clipIndex;
  private int seek;
  private int promptResetSince;
  private double lastSpeechTimestamp;
  private int nextId;
  private boolean firstWindow = true;

  LongForm(WindowBatcher batcher, WhisperConfig config, TextCodec codec, LogMel.Spectrogram mel, String language,
      TranscriptionOptions options, BooleanSupplier cancelled) {
    this.batcher = batcher;
    this.config = config;
    this.codec = codec;
    this.timer = new WordTimer(config, codec);
    this.mel = mel;
    this.language = language;
    this.options = options;
    this.cancelled = cancelled;
    this.contentFrames = mel.frames() - LogMel.N_FRAMES;
    this.random = new SplittableRandom(options.seed());
    List<Integer> points = new ArrayList<>();
    for (double t : options.clipTimestamps()) {
      points.add((int) Math.rint(t * 100));
    }
    if (points.size() % 2 == 1) {
      points.add(contentFrames);
    }
    for (int i = 0; i < points.size(); i += 2) {
      clips.add(new int[] {points.get(i), points.get(i + 1)});
    }
    seek = clips.get(0)[0];
    initialPromptTokens = options.initialPrompt() == null ? new int[0]
        : codec.encode(" " + options.initialPrompt().strip());
    for (int t : initialPromptTokens) {
      allTokens.add(t);
    }
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && clipIndex < clips.size()) {
      if (cancelled.getAsBoolean()) {
        throw new SpeechCancelledException("the transcription was closed");
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new SpeechCancelledException("whisper-djl stopped decoding: the calling thread was interrupted");
      }
      step();
    }
    return !ready.isEmpty();
  }

  @Override
  public Segment next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  /** One iteration of transcribe()'s loop. */
  private void step() {
    int clipStart = clips.get(clipIndex)[0];
    int clipEnd = clips.get(clipIndex)[1];
    if (seek < clipStart) {
      seek = clipStart;
    }
    if (seek >= clipEnd) {
      clipIndex++;
      if (clipIndex < clips.size()) {
        seek = clips.get(clipIndex)[0];
      }
      return;
    }
    double timeOffset = seek * LogMel.HOP / (double) LogMel.SAMPLE_RATE;
    double windowEndTime = (seek + LogMel.N_FRAMES) * LogMel.HOP / (double) LogMel.SAMPLE_RATE;
    int segmentSize = Math.min(LogMel.N_FRAMES, Math.min(contentFrames - seek, clipEnd - seek));
    double segmentDuration = segmentSize * LogMel.HOP / (double) LogMel.SAMPLE_RATE;
    List<Integer> prompt = List.copyOf(allTokens.subList(promptResetSince, allTokens.size()));
    WindowBatcher.Decoded first = batcher.encodeAndDecode(mel.window(seek, segmentSize),
        windowOptions(options.temperatures().get(0), prompt));
    try (WhisperNetwork.EncodedAudio audio = first.audio()) {
      WindowResult result = decodeWithFallback(audio, first.result(), prompt);
      firstWindow = false;
      if (options.noSpeechThreshold().isPresent() && result.noSpeechProb() > options.noSpeechThreshold().getAsDouble()
          && !(options.logProbThreshold().isPresent()
              && result.avgLogprob() > options.logProbThreshold().getAsDouble())) {
        seek += segmentSize;
        return;
      }
      int previousSeek = seek;
      List<SegmentDraft> current = split(result, timeOffset, segmentSize, segmentDuration);
      boolean singleTimestampEnding = singleTimestampEnding(result.tokens());
      if (options.wordTimestamps()) {
        timer.addWordTimestamps(current, audio, language, options.task() == Task.TRANSLATE, segmentSize,
            options.prependPunctuations(), options.appendPunctuations(), lastSpeechTimestamp);
        if (!singleTimestampEnding) {
          Double lastWordEnd = lastWordEnd(current);
          if (lastWordEnd != null && lastWordEnd > timeOffset) {
            seek = (int) Math.rint(lastWordEnd * 100);
          }
        }
        if (options.hallucinationSilenceThreshold().isPresent()
            && skipHallucinations(current, previousSeek, segmentSize, singleTimestampEnding, timeOffset,
                windowEndTime, segmentDuration)) {
          return;
        }
        Double lastWordEnd = lastWordEnd(current);
        if (lastWordEnd != null) {
          lastSpeechTimestamp = lastWordEnd;
        }
      }
      for (SegmentDraft segment : current) {
        if (segment.start == segment.end || segment.text.strip().isEmpty()) {
          segment.text = "";
          segment.tokens = new int[0];
          segment.words = List.of();
        }
        ready.add(segment.toSegment(nextId++));
        for (int t : segment.tokens) {
          allTokens.add(t);
        }
      }
      if (!options.conditionOnPreviousText() || result.temperature() > options.promptResetOnTemperature()) {
        promptResetSince = allTokens.size();
      }
    }
  }

  /** transcribe()'s decode_with_fallback, given the decode at the first temperature. */
  private WindowResult decodeWithFallback(WhisperNetwork.EncodedAudio audio, WindowResult first,
      List<Integer> prompt) {
    WindowResult result = first;
    List<Double> temperatures = options.temperatures();
    for (int i = 1; i < temperatures.size() && needsFallback(result); i++) {
      result = batcher.decode(audio, windowOptions(temperatures.get(i), prompt));
    }
    return result;
  }

  private boolean needsFallback(WindowResult result) {
    boolean fallback = options.compressionRatioThreshold().isPresent()
        && result.compressionRatio() > options.compressionRatioThreshold().getAsDouble();
    boolean lowLogprob = options.logProbThreshold().isPresent()
        && result.avgLogprob() < options.logProbThreshold().getAsDouble();
    boolean silent = options.noSpeechThreshold().isPresent()
        && result.noSpeechProb() > options.noSpeechThreshold().getAsDouble();
    return (fallback || lowLogprob) && !(silent && lowLogprob);
  }

  private WindowOptions windowOptions(double temperature, List<Integer> prompt) {
    return new WindowOptions(language, options.task() == Task.TRANSLATE, temperature,
        options.beamSize() > 1 ? options.beamSize() : 0, options.bestOf(), options.patience(),
        options.lengthPenalty().isPresent() ? options.lengthPenalty().getAsDouble() : null,
        options.maxNewTokens().orElse(config.dims().sampleLimit()), prompt,
        firstWindow ? options.prefix() : null, options.suppressTokens(), options.suppressBlank(),
        options.withoutTimestamps(),
        options.maxInitialTimestamp().isPresent() ? options.maxInitialTimestamp().getAsDouble() : null, random);
  }

  /** Segments at consecutive timestamp pairs, and where to seek next (transcribe()'s slicing). */
  private List<SegmentDraft> split(WindowResult result, double timeOffset, int segmentSize, double segmentDuration) {
    int[] tokens = result.tokens();
    int tb = config.tokens().timestampBegin();
    double precision = config.dims().timePrecision();
    List<SegmentDraft> out = new ArrayList<>();
    List<Integer> slices = new ArrayList<>();
    for (int i = 1; i < tokens.length; i++) {
      if (tokens[i - 1] >= tb && tokens[i] >= tb) {
        slices.add(i);
      }
    }
    boolean singleTimestampEnding = singleTimestampEnding(tokens);
    if (!slices.isEmpty()) {
      if (singleTimestampEnding) {
        slices.add(tokens.length);
      }
      int lastSlice = 0;
      for (int slice : slices) {
        int[] sliced = Arrays.copyOfRange(tokens, lastSlice, slice);
        out.add(draft(timeOffset + (sliced[0] - tb) * precision, timeOffset + (sliced[sliced.length - 1] - tb) * precision,
            sliced, result));
        lastSlice = slice;
      }
      if (singleTimestampEnding) {
        seek += segmentSize;
      } else {
        seek += (tokens[lastSlice - 1] - tb) * 2;
      }
    } else {
      double duration = segmentDuration;
      int lastTimestamp = -1;
      for (int t : tokens) {
        if (t >= tb) {
          lastTimestamp = t;
        }
      }
      if (lastTimestamp >= 0 && lastTimestamp != tb) {
        duration = (lastTimestamp - tb) * precision;
      }
      out.add(draft(timeOffset, timeOffset + duration, tokens, result));
      seek += segmentSize;
    }
    return out;
  }

  private SegmentDraft draft(double start, double end, int[] tokens, WindowResult result) {
    int[] text = Arrays.stream(tokens).filter(t -> t < config.tokens().eot()).toArray();
    return new SegmentDraft(seek, start, end, codec.decode(text), tokens, result);
  }

  private boolean singleTimestampEnding(int[] tokens) {
    int tb = config.tokens().timestampBegin();
    int n = tokens.length;
    return n >= 2 && tokens[n - 2] < tb && tokens[n - 1] >= tb;
  }

  private static Double lastWordEnd(List<SegmentDraft> segments) {
    Double end = null;
    for (SegmentDraft s : segments) {
      if (!s.words.isEmpty()) {
        end = s.words.get(s.words.size() - 1).end();
      }
    }
    return end;
  }

  /** transcribe()'s hallucination_silence_threshold handling; true when the window's segments are dropped. */
  private boolean skipHallucinations(List<SegmentDraft> current, int previousSeek, int segmentSize,
      boolean singleTimestampEnding, double timeOffset, double windowEndTime, double segmentDuration) {
    double threshold = options.hallucinationSilenceThreshold().getAsDouble();
    if (!singleTimestampEnding) {
      Double lastWordEnd = lastWordEnd(current);
      if (lastWordEnd != null && lastWordEnd > timeOffset) {
        seek = windowEndTime - lastWordEnd > threshold ? (int) Math.rint(lastWordEnd * 100)
            : previousSeek + segmentSize;
      }
    }
    SegmentDraft first = nextWordsSegment(current, 0);
    if (first != null && isAnomaly(first)) {
      double gap = first.start - timeOffset;
      if (gap > threshold) {
        seek = previousSeek + (int) Math.rint(gap * 100);
        return true;
      }
    }
    double halLastEnd = lastSpeechTimestamp;
    for (int si = 0; si < current.size(); si++) {
      SegmentDraft segment = current.get(si);
      if (segment.words.isEmpty()) {
        continue;
      }
      if (isAnomaly(segment)) {
        SegmentDraft next = nextWordsSegment(current, si + 1);
        double halNextStart = next != null ? next.words.get(0).start() : timeOffset + segmentDuration;
        boolean silenceBefore = segment.start - halLastEnd > threshold || segment.start < threshold
            || segment.start - timeOffset < 2.0;
        boolean silenceAfter = halNextStart - segment.end > threshold || isAnomaly(next)
            || windowEndTime - segment.end < 2.0;
        if (silenceBefore && silenceAfter) {
          seek = (int) Math.rint(Math.max(timeOffset + 1, segment.start) * 100);
          if (contentFrames / 100.0 - segment.end < threshold) {
            seek = contentFrames;
          }
          current.subList(si, current.size()).clear();
          break;
        }
      }
      halLastEnd = segment.end;
    }
    return false;
  }

  private static SegmentDraft nextWordsSegment(List<SegmentDraft> segments, int from) {
    for (int i = from; i < segments.size(); i++) {
      if (!segments.get(i).words.isEmpty()) {
        return segments.get(i);
      }
    }
    return null;
  }

  private static boolean isAnomaly(SegmentDraft segment) {
    if (segment == null || segment.words.isEmpty()) {
      return false;
    }
    List<Word> words = segment.words.stream().filter(w -> !PUNCTUATION.contains(w.text())).limit(8).toList();
    double score = 0;
    for (Word w : words) {
      double duration = w.end() - w.start();
      score += w.probability() < 0.15 ? 1.0 : 0.0;
      score += duration < 0.133 ? (0.133 - duration) * 15 : 0.0;
      score += duration > 2.0 ? duration - 2.0 : 0.0;
    }
    return score >= 3 || score + 0.01 >= words.size();
  }
}
