package dev.speech4j.benchmarks;

import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.audio.WavEncoding;
import dev.speech4j.model.ModelRef;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Java side of one Piper sentence, on the dummy voice whose ONNX run is almost free: {@code synthesize} is
 * phonemes + ids + tensors + inference + normalisation, {@code writeWav} the 16-bit WAV encoding of its audio. Their
 * sum is the overhead a real voice's ONNX run must dwarf (target: at most 5 % of it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PiperSentenceBenchmark {
  static final String SENTENCE = "Later this evening, clouds will arrive from the west.";
  private static final SynthesisOptions OPTIONS = SynthesisOptions.builder().sentenceSilence(Duration.ZERO).build();

  private DummyPiperVoice files;
  private Synthesizer voice;
  private SpeechAudio audio;

  @Setup
  public void load() {
    files = new DummyPiperVoice();
    voice = Speech.synthesizer("piper", ModelRef.of(files.model()));
    audio = voice.synthesize(SENTENCE, OPTIONS);
  }

  @TearDown
  public void close() {
    voice.close();
    files.close();
  }

  @Benchmark
  public SpeechAudio synthesize() {
    return voice.synthesize(SENTENCE, OPTIONS);
  }

  @Benchmark
  public byte[] writeWav() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(audio.frames() * 2 + 64);
    Audio.write(audio, out, WavEncoding.PCM_16);
    return out.toByteArray();
  }
}
