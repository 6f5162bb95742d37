package dev.speech4j.benchmarks;

import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import dev.speech4j.tts.piper.internal.StandinPiperVoice;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The voice loop's time to first audio: the first sentence of a five-sentence paragraph from {@code stream}, against
 * the whole paragraph from {@code synthesize}. On {@code espeak}, the whole paragraph's time divided by its audio
 * length (printed at setup) is espeak-ng's real-time factor; {@code piper} runs a voice that costs what a medium
 * Piper voice costs ({@link StandinPiperVoice}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TimeToFirstAudioBenchmark {
  @Param({"espeak", "piper"})
  public String engine;

  private StandinPiperVoice files;
  private Synthesizer voice;

  @Setup
  public void load() {
    if (engine.equals("piper")) {
      files = new StandinPiperVoice();
      voice = Speech.synthesizer("piper", ModelRef.of(files.model()));
    } else {
      voice = Speech.synthesizer(engine, ModelRef.defaultModel());
    }
    System.out.printf("%n%s paragraph: %.2f s of audio%n", engine,
        voice.synthesize(PhonemizeBenchmark.PARAGRAPH, SynthesisOptions.defaults()).seconds());
  }

  @TearDown
  public void close() {
    voice.close();
    if (files != null) {
      files.close();
    }
  }

  @Benchmark
  public SpeechAudio firstAudio() {
    try (Stream<SpeechAudio> sentences = voice.stream(PhonemizeBenchmark.PARAGRAPH, SynthesisOptions.defaults())) {
      return sentences.findFirst().orElseThrow();
    }
  }

  @Benchmark
  public SpeechAudio wholeParagraph() {
    return voice.synthesize(PhonemizeBenchmark.PARAGRAPH, SynthesisOptions.defaults());
  }
}
