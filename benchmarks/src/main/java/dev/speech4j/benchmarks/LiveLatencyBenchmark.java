package dev.speech4j.benchmarks;

import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.LiveListener;
import dev.speech4j.stt.LiveOptions;
import dev.speech4j.stt.LiveTranscription;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.Word;
import dev.speech4j.vad.VoiceActivityDetector;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link LiveTranscription} fed jfk.wav (with 1 s of silence either side) in 20 ms chunks at real-time pace
 * ({@code speed} = 1), on {@link WhisperBenchmarkModel}'s tiny-dims model, greedy at one temperature, Silero
 * endpointing, a partial every 1 s. The score is the session's wall time; the counters are, per word, the mean time
 * from the end of the word in the audio to the first hypothesis that holds it ({@code partialMs}) and to its commit
 * ({@code commitMs}), and the decoding's compute per second of audio ({@code rtf}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class LiveLatencyBenchmark {
  private static final int CHUNK = 320; // 20 ms at 16 kHz

  @Param({"whisper-cpp", "whisper-djl"})
  public String stt;

  /** How many times faster than real time the audio is written. */
  @Param("1")
  public double speed;

  private Transcriber transcriber;
  private VoiceActivityDetector vad;
  private byte[] pcm;
  private double seconds;

  /** The latencies of one session, reported beside its time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Latency {
    public double partialMs;
    public double commitMs;
    public double rtf;

    @Setup(Level.Iteration)
    public void clear() {
      partialMs = 0;
      commitMs = 0;
      rtf = 0;
    }
  }

  @Setup
  public void setUp() {
    Path dir = WhisperBenchmarkModel.require("decoder.pt");
    transcriber = stt.equals("whisper-djl") ? Speech.transcriber("whisper-djl", ModelRef.of(dir))
        : Speech.transcriber("whisper-cpp", ModelRef.of(dir.resolve("ggml-model.bin")));
    vad = Speech.vad("silero");
    SpeechAudio silence = SpeechAudio.of(new float[16_000], 16_000);
    SpeechAudio audio = SpeechAudio.concat(List.of(silence, Audio.read(WhisperBenchmarkModel.jfk()), silence),
        16_000);
    pcm = audio.toPcm16Bytes();
    seconds = audio.seconds();
  }

  @TearDown
  public void tearDown() {
    transcriber.close();
    vad.close();
  }

  @Benchmark
  public Transcription session(Latency latency) {
    AtomicLong decoding = new AtomicLong();
    Map<String, Long> firstSeen = new HashMap<>();
    Map<String, Long> committed = new HashMap<>();
    Map<String, Double> ends = new HashMap<>();
    LiveListener listener = new LiveListener() {
      @Override
      public void partial(Segment hypothesis) {
        seen(hypothesis, firstSeen, null);
      }

      @Override
      public void committed(Segment segment) {
        seen(segment, firstSeen, null);
        seen(segment, committed, ends);
      }
    };
    LiveOptions options = LiveOptions.builder()
        .transcription(TranscriptionOptions.builder().temperature(0).build()).build();
    long start = System.nanoTime();
    Transcription t;
    try (LiveTranscription live = LiveTranscription.open((a, o) -> {
      long begun = System.nanoTime();
      try {
        return transcriber.transcribe(a, o);
      } finally {
        decoding.addAndGet(System.nanoTime() - begun);
      }
    }, vad, options, listener)) {
      for (int at = 0; at < pcm.length; at += 2 * CHUNK) {
        long due = start + (long) ((at / 2 + CHUNK) / 16_000.0 / speed * 1e9);
        LockSupport.parkNanos(due - System.nanoTime());
        live.write(pcm, at, Math.min(2 * CHUNK, pcm.length - at));
      }
      t = live.finish();
    }
    double partial = 0;
    double commit = 0;
    for (Map.Entry<String, Double> e : ends.entrySet()) {
      long spoken = start + (long) (e.getValue() / speed * 1e9);
      partial += (firstSeen.get(e.getKey()) - spoken) / 1e6;
      commit += (committed.get(e.getKey()) - spoken) / 1e6;
    }
    latency.partialMs = ends.isEmpty() ? 0 : partial / ends.size();
    latency.commitMs = ends.isEmpty() ? 0 : commit / ends.size();
    latency.rtf = decoding.get() / 1e9 / seconds;
    return t;
  }

  /** Records when each word (by text and start) was first in {@code segment}. */
  private static void seen(Segment segment, Map<String, Long> when, Map<String, Double> ends) {
    long now = System.nanoTime();
    for (Word w : segment.words()) {
      String key = w.text() + "@" + Math.round(w.start() * 10);
      when.putIfAbsent(key, now);
      if (ends != null) {
        ends.put(key, w.end());
      }
    }
  }
}
