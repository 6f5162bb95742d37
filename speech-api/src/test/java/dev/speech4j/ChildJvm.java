package dev.speech4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code main} class of the test class path in a fresh JVM whose temp directory ({@code java.io.tmpdir}
 * and {@code TMPDIR}) is {@code tmpdir}, so a test can prove that code leaves no temp files even while other
 * processes use the shared temp directory.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** The child's exit code and its stdout and stderr together. */
  public record Result(int exitCode, String output) {}

  public static Result run(Class<?> main, Path tmpdir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmpdir,
        "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TMPDIR", tmpdir.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM running " + main.getName() + " did not finish:\n" + output);
    }
    return new Result(process.exitValue(), output);
  }
}
