package dev.speech4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code main} class of the test class path in a fresh JVM whose temp directory ({@code java.io.tmpdir}
 * and {@code TMPDIR}) is {@code tmpdir}, so a test can prove that code leaves no temp files even while other
 * processes use the shared temp directory.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** The child's exit code, its standard output, and its standard error (JVM warnings land there). */
  public record Result(int exitCode, String out, String err) {}

  /** Runs with this JVM's environment plus {@code TMPDIR}. */
  public static Result run(Class<?> main, Path tmpdir, String... args) throws IOException, InterruptedException {
    return run(main, tmpdir, Map.of(), false, args);
  }

  /**
   * Runs with a clean environment: only {@code PATH}, {@code LANG=C.UTF-8}, {@code HOME=home} and
   * {@code TMPDIR}, so that no variable of the caller's (such as {@code CI}) changes what native code does.
   */
  public static Result runIsolated(Class<?> main, Path tmpdir, Path home, String... args)
      throws IOException, InterruptedException {
    String path = System.getenv("PATH");
    return run(main, tmpdir,
        Map.of("PATH", path == null ? "/usr/bin:/bin" : path, "HOME", home.toString(), "LANG", "C.UTF-8"), true,
        args);
  }

  /**
   * Runs with this JVM's environment less every {@code HF_*} and {@code SPEECH4J_*} variable, plus {@code env}: a
   * child that finds models as a user's shell would, with no setting of the caller's leaking in.
   */
  public static Result run(Class<?> main, Path tmpdir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return finish(main, start(main, tmpdir, env, args));
  }

  /** Starts what {@link #run(Class, Path, Map, String...)} runs, for a test that stops it midway. */
  public static Process start(Class<?> main, Path tmpdir, Map<String, String> env, String... args)
      throws IOException {
    ProcessBuilder builder = builder(main, tmpdir, args);
    builder.environment().keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("SPEECH4J_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static Result run(Class<?> main, Path tmpdir, Map<String, String> env, boolean clearEnv, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder = builder(main, tmpdir, args);
    if (clearEnv) {
      builder.environment().clear();
    }
    builder.environment().putAll(env);
    builder.environment().put("TMPDIR", tmpdir.toString());
    return finish(main, builder.start());
  }

  private static ProcessBuilder builder(Class<?> main, Path tmpdir, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmpdir,
        "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("TMPDIR", tmpdir.toString());
    return builder;
  }

  private static Result finish(Class<?> main, Process process) throws InterruptedException {
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM running " + main.getName() + " did not finish:\n" + out);
    }
    return new Result(process.exitValue(), out, err.join());
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
