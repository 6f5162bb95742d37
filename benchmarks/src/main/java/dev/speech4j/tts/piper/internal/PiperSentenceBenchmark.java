package dev.speech4j.tts.piper.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.speech4j.EngineOptions;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.audio.WavEncoding;
import dev.speech4j.tts.SynthesisOptions;
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
 * One ten-word Piper sentence on a voice that costs what a medium voice costs ({@link StandinPiperVoice}), split
 * where the engine hands over to ONNX Runtime: {@code javaSide} is everything of {@code synthesize} plus WAV writing
 * except the run (phonemes, ids, input tensors, copying the output, normalisation, 16-bit WAV), {@code onnxRun} the
 * run alone on the same inputs. The target: javaSide at most 5 % of onnxRun.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PiperSentenceBenchmark {
  static final String SENTENCE = "Later this evening, clouds will arrive from the west.";
  private static final SynthesisOptions OPTIONS = SynthesisOptions.builder().sentenceSilence(Duration.ZERO).build();

  private StandinPiperVoice files;
  private PiperConfig config;
  private PiperModel model;
  private PiperSynthesizer voice;
  private Sentence sentence;
  private PiperInputs inputs;
  private OrtSession.Result output;

  @Setup
  public void load() throws OrtException {
    files = new StandinPiperVoice();
    config = PiperConfig.read(files.config());
    model = PiperModel.load(files.model(), config, EngineOptions.defaults());
    voice = new PiperSynthesizer(Espeak.instance(), config, model);
    sentence = Sentences.of(SENTENCE).get(0);
    inputs = inputs(voice.ids(sentence));
    output = model.infer(inputs);
    System.out.printf("%n%d phoneme ids, %.2f s of audio%n", inputs.tensors().get("input").getInfo().getShape()[1],
        PiperModel.samples(output).length / (double) config.sampleRate());
  }

  @TearDown
  public void close() {
    output.close();
    inputs.close();
    voice.close();
    files.close();
  }

  @Benchmark
  public byte[] javaSide() throws OrtException {
    try (PiperInputs sentenceInputs = inputs(voice.ids(sentence))) {
      SpeechAudio audio = voice.sentenceAudio(PiperModel.samples(output), OPTIONS);
      ByteArrayOutputStream wav = new ByteArrayOutputStream(audio.frames() * 2 + 64);
      Audio.write(audio, wav, WavEncoding.PCM_16);
      return wav.toByteArray();
    }
  }

  @Benchmark
  public long onnxRun() throws OrtException {
    try (OrtSession.Result result = model.infer(inputs)) {
      return ((OnnxTensor) result.get(0)).getInfo().getShape()[3];
    }
  }

  private PiperInputs inputs(long[] ids) throws OrtException {
    return model.inputs(ids, config.noiseScale(), config.lengthScale(), config.noiseW(), -1);
  }
}
