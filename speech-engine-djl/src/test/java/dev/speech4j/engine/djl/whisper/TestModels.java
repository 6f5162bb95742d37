package dev.speech4j.engine.djl.whisper;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Exported random-weight model directories for the parity tests, made on demand (and kept under
 * {@code target/whisper-models}) from the seeded checkpoints of shared/whisper-reference/make_checkpoint.py with
 * tools/export_whisper.py, both on Debian's python3-torch. The committed reference outputs were made by
 * openai/whisper on those same checkpoints; each test checks the checkpoint's SHA-256 before comparing.
 */
final class TestModels {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path ROOT = Path.of(System.getProperty("speech4j.whisper.models", "target/whisper-models"));

  private TestModels() {}

  /** {@code micro-en-s1}, {@code micro-ml-s1}, {@code micro-en-plain-s2}: make_checkpoint.py's size, vocabulary,
   *  {@code --plain} and seed. */
  static synchronized Path model(String name) {
    Path dir = ROOT.resolve(name);
    if (Files.isRegularFile(dir.resolve("decoder.pt"))) {
      return dir;
    }
    assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with python3-torch to export " + name);
    String mirror = System.getenv("REF_MIRROR_ROOT");
    assumeTrue(mirror != null, "set REF_MIRROR_ROOT (git copy of openai/whisper, see shared/whisper-reference) "
        + "to build the " + name + " checkpoint");
    String[] parts = name.split("-");
    boolean plain = parts.length == 4;
    Path checkpoint = ROOT.resolve(name + ".pt");
    Path reference = TestFiles.shared().resolve("whisper-reference");
    List<String> make = new ArrayList<>(List.of(PYTHON.toString(), "make_checkpoint.py", "--size", parts[0],
        parts[1].equals("en") ? "--english" : "--multilingual", "--seed", parts[parts.length - 1].substring(1),
        "--out", checkpoint.toAbsolutePath().toString()));
    if (plain) {
      make.add("--plain");
    }
    run(reference, make.toArray(String[]::new));
    run(Path.of("tools"), PYTHON.toString(), "export_whisper.py", "--checkpoint", checkpoint.toAbsolutePath().toString(),
        "--out", dir.toAbsolutePath().toString(), "--ggml-dtype", "none");
    return dir;
  }

  static Path checkpoint(String name) {
    model(name);
    return ROOT.resolve(name + ".pt");
  }

  private static void run(Path workDir, String... command) {
    try {
      Files.createDirectories(ROOT);
      List<String> args = new ArrayList<>(List.of(command));
      Process p = new ProcessBuilder(args).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ROOT.resolve("export.log").toFile()).start();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", args) + " failed: " + Files.readString(ROOT.resolve("export.log")));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
