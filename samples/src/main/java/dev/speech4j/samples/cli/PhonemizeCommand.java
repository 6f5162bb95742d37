package dev.speech4j.samples.cli;

import dev.speech4j.tts.espeak.EspeakPhonemizer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the IPA phonemes espeak-ng gives a text, one sentence a line, as Piper voices receive them. */
@Command(name = "phonemize",
    description = "Print TEXT's IPA phonemes from espeak-ng, one sentence a line, as Piper voices receive them.")
final class PhonemizeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TEXT", description = "The text.")
  String text;

  @Option(names = "--voice", paramLabel = "NAME", defaultValue = "en-us",
      description = "espeak-ng voice, e.g. en-us or fr (default: ${DEFAULT-VALUE}).")
  String voice;

  @Override
  public Integer call() {
    EspeakPhonemizer.phonemize(text, voice).forEach(spec.commandLine().getOut()::println);
    return 0;
  }
}
