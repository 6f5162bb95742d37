package dev.speech4j.samples.cli;

import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.audio.WavEncoding;
import dev.speech4j.model.ModelRef;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Speaks text into a WAV file. */
@Command(name = "say", description = "Speak TEXT into a 16-bit WAV file.")
final class SayCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TEXT", description = "What to say.")
  String text;

  @Option(names = "--engine", paramLabel = "NAME",
      description = "espeak or piper (default: piper with --model, else the best available: espeak).")
  String engine;

  @ArgGroup(exclusive = true)
  Voice voice = new Voice();

  @Option(names = "--speaker", paramLabel = "N", description = "Speaker of a multi-speaker voice, by number or name.")
  String speaker;

  @Option(names = "--speed", paramLabel = "X", description = "Speaking rate; 1 normal, 2 twice as fast.")
  Double speed;

  @Option(names = "--out", paramLabel = "OUT.wav", required = true, description = "Output WAV file, or - for standard output.")
  Path output;

  static final class Voice {
    @Option(names = "--voice", paramLabel = "NAME",
        description = "espeak: a voice such as en-us or fr; piper: a voice name such as en_US-lessac-medium "
            + "(downloaded on first use) or hf://owner/repo/VOICE.onnx.")
    String name;

    @Option(names = "--model", paramLabel = "FILE.onnx", description = "A Piper voice file (its .onnx.json beside it).")
    Path model;
  }

  @Override
  public Integer call() {
    ModelRef ref = voice.model != null ? ModelRef.of(voice.model)
        : voice.name != null ? ModelRef.parse(voice.name) : ModelRef.defaultModel();
    SynthesisOptions.Builder options = SynthesisOptions.builder().speaker(speaker);
    if (speed != null) {
      options.speed(speed);
    }
    SpeechAudio audio;
    // a model file means piper; otherwise the named engine, or the best available
    String named = engine != null ? engine : voice.model != null ? "piper" : System.getProperty("speech4j.synthesizer");
    String chosen = named != null ? named : Speech.engineFor(ProviderInfo.Kind.SYNTHESIZER, ref);
    try (Synthesizer synthesizer = Speech.synthesizer(chosen, ModelsCommand.pull(ref, chosen,
        spec.commandLine().getErr()))) {
      audio = synthesizer.synthesize(text, options.build());
    }
    StdStreams.write(audio, output, WavEncoding.PCM_16);
    // with the WAV on standard output, the summary goes to standard error
    (StdStreams.isDash(output) ? spec.commandLine().getErr() : spec.commandLine().getOut())
        .printf(Locale.ROOT, "%s: %.3f s, %d Hz%n", output, audio.seconds(), audio.sampleRate());
    return 0;
  }
}
