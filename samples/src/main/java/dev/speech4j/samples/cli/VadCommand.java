package dev.speech4j.samples.cli;

import dev.speech4j.Speech;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VoiceActivityDetector;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the speech segments of a file, in seconds. */
@Command(name = "vad", description = "Print the speech segments of an audio file, in seconds.")
final class VadCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN", description = "Input audio, or - for standard input.")
  Path input;

  @Option(names = "--engine", paramLabel = "NAME", description = "VAD engine (default: the best available).")
  String engine;

  @Option(names = "--json", description = "Print a JSON array of {\"start\", \"end\"} objects.")
  boolean json;

  @Option(names = "--threshold", paramLabel = "P", description = "Speech probability threshold (default 0.5).")
  Float threshold;

  @Option(names = "--min-speech-ms", paramLabel = "MS", description = "Drop shorter speech (default 250).")
  Integer minSpeechMs;

  @Option(names = "--min-silence-ms", paramLabel = "MS", description = "Silence that ends speech (default 100).")
  Integer minSilenceMs;

  @Option(names = "--speech-pad-ms", paramLabel = "MS", description = "Padding on each side (default 30).")
  Integer speechPadMs;

  @Override
  public Integer call() {
    VadOptions options = options();
    List<SpeechSegment> segments;
    try (VoiceActivityDetector vad = engine == null ? Speech.vad() : Speech.vad(engine);
        AudioSource audio = StdStreams.open(input)) {
      segments = vad.speechSegments(audio, options);
    }
    var out = spec.commandLine().getOut();
    if (json) {
      StringBuilder s = new StringBuilder("[");
      for (SpeechSegment segment : segments) {
        s.append(s.length() > 1 ? ", " : "")
            .append(String.format(Locale.ROOT, "{\"start\": %.3f, \"end\": %.3f}", segment.startSeconds(),
                segment.endSeconds()));
      }
      out.println(s.append(']'));
    } else {
      for (SpeechSegment segment : segments) {
        out.printf(Locale.ROOT, "%.3f\t%.3f%n", segment.startSeconds(), segment.endSeconds());
      }
    }
    return 0;
  }

  private VadOptions options() {
    VadOptions.Builder b = VadOptions.builder();
    if (threshold != null) {
      b.threshold(threshold);
    }
    if (minSpeechMs != null) {
      b.minSpeechMs(minSpeechMs);
    }
    if (minSilenceMs != null) {
      b.minSilenceMs(minSilenceMs);
    }
    if (speechPadMs != null) {
      b.speechPadMs(speechPadMs);
    }
    return b.build();
  }
}
