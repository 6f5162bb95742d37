package dev.speech4j.samples.cli;

import dev.speech4j.EngineOptions;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Task;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.TranscriptionStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Transcribes an audio file with any installed transcriber engine. */
@Command(name = "transcribe", description = "Transcribe an audio file to text, JSON or subtitles.")
final class TranscribeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "AUDIO", description = "Input audio (WAV, FLAC, or anything ffmpeg "
      + "reads), or - for standard input.")
  Path input;

  @Option(names = "--engine", paramLabel = "NAME", description = "Transcriber engine (default: the best available).")
  String engine;

  @Option(names = "--model", paramLabel = "MODEL", required = true,
      description = "Model file, directory or name, as the engine expects.")
  String model;

  @Option(names = "--threads", paramLabel = "N", description = "Compute threads per call (default: the engine's).")
  int threads;

  @Option(names = "--language", paramLabel = "XX", description = "Spoken language code (default: detect).")
  String language;

  @Option(names = "--task", paramLabel = "TASK", description = "transcribe (default) or translate.")
  String task = "transcribe";

  @Option(names = "--beam-size", paramLabel = "N", description = "Beams at temperature 0; 1 is greedy (default 5).")
  Integer beamSize;

  @Option(names = "--best-of", paramLabel = "N", description = "Samples per temperature above 0 (default 5).")
  Integer bestOf;

  @Option(names = "--temperature", paramLabel = "T[,T...]", split = ",",
      description = "Temperatures tried in order (default 0,0.2,0.4,0.6,0.8,1).")
  List<Double> temperatures;

  @Option(names = "--initial-prompt", paramLabel = "TEXT", description = "Text that prompts the first window.")
  String initialPrompt;

  @Option(names = "--no-condition", description = "Do not prompt each window with the previous text.")
  boolean noCondition;

  @Option(names = "--word-timestamps", description = "Time each word.")
  boolean wordTimestamps;

  @Option(names = "--without-timestamps", description = "Decode text only, without timestamp tokens.")
  boolean withoutTimestamps;

  @Option(names = "--vad-filter", description = "Cut non-speech out with a VAD before transcribing.")
  boolean vadFilter;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json, verbose_json, srt or vtt.")
  String format = "text";

  @Override
  public Integer call() {
    TranscriptWriter writer = writer();
    TranscriptionOptions options = options();
    Transcription result;
    // the input is opened first, so that a wrong path is reported before any model loads or downloads
    try (AudioSource audio = StdStreams.open(input);
        Transcriber transcriber = transcriber(ModelRef.parse(model));
        TranscriptionStream run = transcriber.stream(audio, options)) {
      result = run.collect();
    }
    writer.write(result, spec.commandLine().getOut());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The engine for {@code ref}, with the model downloaded first (showing progress) if it must be. */
  private Transcriber transcriber(ModelRef ref) {
    String name = engine != null ? engine : System.getProperty("speech4j.transcriber");
    String chosen = name != null ? name : Speech.engineFor(ProviderInfo.Kind.TRANSCRIBER, ref);
    ModelRef local = ModelsCommand.pull(ref, chosen, spec.commandLine().getErr());
    return Speech.transcriber(chosen, local, EngineOptions.builder().threads(threads).build());
  }

  private TranscriptWriter writer() {
    if (!TranscriptWriter.names().contains(format)) {
      throw new InvalidOptionsException("--format must be one of " + String.join(", ", TranscriptWriter.names())
          + ", got " + format);
    }
    return TranscriptWriter.of(format);
  }

  private TranscriptionOptions options() {
    TranscriptionOptions.Builder b = TranscriptionOptions.builder()
        .language(language)
        .task(task(task))
        .initialPrompt(initialPrompt)
        .conditionOnPreviousText(!noCondition)
        .wordTimestamps(wordTimestamps)
        .withoutTimestamps(withoutTimestamps)
        .vadFilter(vadFilter);
    if (beamSize != null) {
      b.beamSize(beamSize);
    }
    if (bestOf != null) {
      b.bestOf(bestOf);
    }
    if (temperatures != null) {
      b.temperatures(temperatures);
    }
    return b.build();
  }

  private static Task task(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "transcribe" -> Task.TRANSCRIBE;
      case "translate" -> Task.TRANSLATE;
      default -> throw new InvalidOptionsException("--task must be transcribe or translate, got " + name);
    };
  }
}
