package dev.speech4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code speech4j batch} on a local Spark master, as a user runs it with Spark's jars beside the CLI. */
class BatchCommandTest {

  @Test
  void transcribesAFolderIntoJsonAndResumes(@TempDir Path dir) throws Exception {
    Path model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    Files.createDirectories(dir.resolve("in/a"));
    Files.copy(SharedData.testdata("jfk.wav"), dir.resolve("in/a/jfk.wav"));
    Files.copy(SharedData.testdata("jfk.flac"), dir.resolve("in/jfk.flac"));
    Files.write(dir.resolve("in/a/broken.wav"), new byte[] {1, 2, 3});
    String out = dir.resolve("out.json").toString();
    String[] args = {"batch", "--master", "local[2]", "--input", dir + "/in/**/*", "--output", out, "--model",
        "whisper-cpp:" + model, "--files-per-commit", "2"};
    CliRun first = CliRun.of(args);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("transcribed 3 files").contains("1 rows there have an error");
    List<String> lines;
    try (Stream<Path> parts = Files.list(Path.of(out))) {
      lines = parts.filter(p -> p.getFileName().toString().endsWith(".json")).flatMap(p -> {
        try {
          return Files.readAllLines(p).stream();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
    assertThat(lines).hasSize(3);
    assertThat(lines).filteredOn(l -> l.contains("broken.wav")).singleElement().asString().contains("\"error\"");
    CliRun again = CliRun.of(args);
    assertThat(again.out()).as(again.err()).contains("transcribed 0 files");
  }

  @Test
  void namesWhatIsMissingWithoutAnInput() {
    CliRun run = CliRun.of("batch", "--output", "x", "--model", "tiny.en");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--input");
  }
}
