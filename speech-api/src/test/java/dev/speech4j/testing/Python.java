package dev.speech4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The system Python with PyTorch and numpy ({@code /usr/bin/python3}, or {@code -Dspeech4j.python}), which runs
 * the Whisper exporter and openai/whisper's reference. Tests that need it are skipped, naming the packages, when it
 * is missing.
 */
public final class Python {
  /** What to install when the interpreter or its packages are missing. */
  public static final String PREREQUISITE = "/usr/bin/python3 with torch and numpy "
      + "(apt-get install python3-torch python3-numpy libopenblas0-pthread)";

  private static volatile Boolean usable;

  private Python() {}

  /** Skips the calling test unless the interpreter imports torch and numpy. */
  public static void assumeTorch() {
    if (usable == null) {
      usable = probe();
    }
    assumeTrue(usable, "needs " + PREREQUISITE);
  }

  /**
   * Runs {@code python script args...} and returns its standard output; fails with the end of its output when it
   * exits non-zero or runs past {@code timeout}.
   */
  public static String run(Duration timeout, Path script, String... args) {
    List<String> command = new ArrayList<>(List.of(interpreter(), script.toString()));
    command.addAll(List.of(args));
    return runCommand(timeout, command);
  }

  /** Runs a command that needs this Python (a shell script of the tools), as {@link #run} does. */
  public static String runCommand(Duration timeout, List<String> command) {
    assumeTorch();
    Result result = exec(command, timeout);
    if (result.exitCode != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + result.exitCode + ":\n"
          + tail(result.out + "\n" + result.err, 3000));
    }
    return result.out;
  }

  private static String interpreter() {
    return System.getProperty("speech4j.python", "/usr/bin/python3");
  }

  private static boolean probe() {
    if (!Files.isExecutable(Path.of(interpreter()))) {
      return false;
    }
    return exec(List.of(interpreter(), "-c", "import torch, numpy"), Duration.ofMinutes(1)).exitCode == 0;
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result exec(List<String> command, Duration timeout) {
    try {
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(String.join(" ", command) + " ran past " + timeout);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String text, int chars) {
    return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
  }
}
