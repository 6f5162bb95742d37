package dev.speech4j.samples.cli;

import dev.speech4j.EngineUnavailableException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.SpeechException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code speech4j} command line. Exit codes: 0 ok, 2 usage, 3 bad input, 4 engine or model unavailable, 1
 * anything else.
 */
@Command(
    name = "speech4j",
    mixinStandardHelpOptions = true,
    // --help and --version on every subcommand, answered before its parameters are checked
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = Main.Version.class,
    description = "Local speech-to-text, text-to-speech and voice-activity detection.",
    subcommands = {InfoCommand.class, ConvertCommand.class, VadCommand.class, TranscribeCommand.class,
        SayCommand.class, PhonemizeCommand.class, ModelsCommand.class, ServeCommand.class, WyomingCommand.class,
        BatchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  static final int BAD_INPUT = 3;
  static final int UNAVAILABLE = 4;

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    // DJL probes CUDA while detecting its platform and warns where a CUDA runtime has no driver; CPU runs are fine
    System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command line, writing to {@code out} and {@code err}; returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new Main())
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          commandLine.getErr().println("speech4j: " + message(e));
          return exitCode(e);
        })
        .execute(args);
  }

  static int exitCode(Throwable e) {
    if (e instanceof EngineUnavailableException || e instanceof ModelNotFoundException) {
      return UNAVAILABLE;
    }
    if (e instanceof SpeechException || e instanceof UncheckedIOException) {
      return BAD_INPUT;
    }
    return 1;
  }

  private static String message(Throwable e) {
    return e instanceof SpeechException || e instanceof UncheckedIOException ? e.getMessage() : e.toString();
  }

  /** Prints the build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"speech4j " + (version == null ? "(development build)" : version),
          "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
  }
}
