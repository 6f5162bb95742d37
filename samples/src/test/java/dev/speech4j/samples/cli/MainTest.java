package dev.speech4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
  @TempDir
  Path dir;

  @Test
  void infoListsTheEnergyVad() {
    CliRun run = CliRun.of("info");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("vad\\s+energy\\s+-100\\s+available");
  }

  @Test
  void convertResamplesAndMixesDown() {
    Path out = dir.resolve("jfk-16k.wav");
    CliRun run = CliRun.of("convert", SharedData.testdata("jfk.flac").toString(), out.toString(), "--rate", "16000",
        "--channels", "1");
    assertThat(run.exitCode()).as(run.err()).isZero();
    SpeechAudio audio = Audio.read(out);
    assertThat(audio.sampleRate()).isEqualTo(16_000);
    assertThat(audio.channels()).isEqualTo(1);
    assertThat(audio.seconds()).isCloseTo(11.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void convertPicksOneChannel() {
    Path out = dir.resolve("right.wav");
    CliRun run = CliRun.of("convert", SharedData.testdata("jfk.flac").toString(), out.toString(), "--channel", "1",
        "--float");
    assertThat(run.exitCode()).as(run.err()).isZero();
    SpeechAudio right = Audio.read(out);
    SpeechAudio source = Audio.read(SharedData.testdata("jfk.flac"));
    assertThat(right.channels()).isEqualTo(1);
    assertThat(right.frames()).isEqualTo(source.frames());
    assertThat(right.sample(20_000, 0)).isEqualTo(source.sample(20_000, 1));
  }

  @Test
  void badInputExitsThreeWithOneLine() throws IOException {
    Path garbage = Files.write(dir.resolve("garbage.wav"), "RIFF\0\0\0\0WAVEjunk".getBytes());
    for (String[] args : new String[][] {
        {"convert", garbage.toString(), dir.resolve("o.wav").toString()},
        {"convert", dir.resolve("absent.wav").toString(), dir.resolve("o.wav").toString()},
        {"convert", SharedData.testdata("jfk.flac").toString(), dir.resolve("o.wav").toString(), "--channel", "7"},
        {"convert", SharedData.testdata("jfk.flac").toString(), dir.resolve("o.wav").toString(), "--rate", "0"},
        {"vad", SharedData.testdata("jfk.wav").toString(), "--threshold", "2"}}) {
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(3);
      assertThat(run.err().lines()).as(run.err()).singleElement().asString().startsWith("speech4j: ");
      assertThat(run.out()).isEmpty();
    }
    assertThat(dir.resolve("o.wav")).doesNotExist();
  }

  @Test
  void unknownEngineExitsFour() {
    CliRun run = CliRun.of("vad", SharedData.testdata("jfk.wav").toString(), "--engine", "nosuch");
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("no VAD engine named 'nosuch'").contains("energy");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.of("convert").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("vad", "x.wav", "--bogus").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(2);
  }

  @Test
  void vadPrintsSegmentsInSeconds() {
    CliRun text = CliRun.of("vad", SharedData.testdata("jfk.wav").toString(), "--engine", "energy");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out().lines()).isNotEmpty().allMatch(l -> l.matches("\\d+\\.\\d{3}\t\\d+\\.\\d{3}"));

    CliRun json = CliRun.of("vad", SharedData.testdata("jfk.wav").toString(), "--json");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out().strip()).matches("\\[\\{\"start\": \\d+\\.\\d{3}, \"end\": \\d+\\.\\d{3}\\}.*\\]");
  }

  @Test
  void vadWithSileroFindsJfksFourPhrases() {
    CliRun run = CliRun.of("vad", SharedData.testdata("jfk.wav").toString(), "--engine", "silero", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).startsWith("[{\"start\": 0.322, \"end\": 2.270}, ").contains("{\"start\": 3.266, ")
        .endsWith("{\"start\": 8.162, \"end\": 10.622}]");
    CliRun strict = CliRun.of("vad", SharedData.testdata("jfk.wav").toString(), "--engine", "silero", "--threshold",
        "0.95");
    assertThat(strict.exitCode()).as(strict.err()).isZero();
    assertThat(strict.out().lines()).hasSizeBetween(1, 6);
  }

  /** The micro random-weight model of the committed whisper-djl fixtures. */
  @Test
  void transcribeWritesOpenAiShapedVerboseJson() throws IOException {
    Path micro = WhisperReference.testModels().resolve("micro-en");
    CliRun run = CliRun.of("transcribe", SharedData.testdata("jfk.wav").toString(), "--engine", "whisper-djl",
        "--model", micro.toString(), "--beam-size", "1", "--temperature", "0", "--format", "verbose_json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String reference = Files.readString(
        Path.of("../speech-engine-djl/src/test/resources/whisper/expected/en-jfk-greedy.json"));
    String tokens = reference.substring(reference.indexOf("\"tokens\": [") + 10);
    tokens = tokens.substring(0, tokens.indexOf(']') + 1).replaceAll("\\s+", "").replace(",", ", ");
    assertThat(run.out()).startsWith("{\"text\": ").contains("\"language\": \"en\", \"duration\": 11.0, "
        + "\"segments\": [{\"id\": 0, \"seek\": 0, \"start\": ",
        "\"tokens\": " + tokens + ", \"temperature\": 0.0, \"avg_logprob\": ");
  }

  /** The f16 seeded tiny model of speech-engine-whispercpp's parity tests, exported by make_test_models.sh. */
  @Test
  void transcribeWithWhisperCppWritesOpenAiShapedVerboseJson() {
    Path ggml = WhisperReference.testModels().resolve("tiny-en/ggml-model.bin");
    CliRun run = CliRun.of("transcribe", SharedData.testdata("jfk.wav").toString(), "--engine", "whisper-cpp",
        "--model", ggml.toString(), "--threads", "2", "--beam-size", "1",
        "--temperature", "0", "--format", "verbose_json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("{\"text\": ").contains("\"language\": \"en\", \"duration\": 11.0, "
        + "\"segments\": [{\"id\": 0, \"seek\": 0, \"start\": 0.5, \"end\": 19.5, \"text\": ",
        "\"tokens\": [25862, 24594, 7208, ", "\"temperature\": null, \"avg_logprob\": ");
  }

  @Test
  void transcribeRejectsAnUnknownFormat() {
    CliRun run = CliRun.of("transcribe", SharedData.testdata("jfk.wav").toString(), "--model", "x.bin", "--format",
        "docx");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("--format must be one of text, json, verbose_json, srt, vtt");
  }

  /** --help answers on every subcommand, before its required parameters are checked. */
  @ParameterizedTest
  @ValueSource(strings = {"info", "convert", "vad", "transcribe", "say", "phonemize"})
  void everySubcommandHasHelp(String command) {
    CliRun run = CliRun.of(command, "--help");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Usage: speech4j " + command);
  }

  /** A folder as input is one line and exit 3, reported before any model is looked for. */
  @Test
  void aFolderAsInputIsBadInput() {
    CliRun run = CliRun.of("transcribe", dir.toString(), "--model", "no-such-model");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err().strip()).isEqualTo("speech4j: " + dir + " is a folder, not an audio file");
  }

  /** An output in a folder that does not exist is one line naming the folder, and nothing is left behind. */
  @Test
  void aMissingOutputFolderIsNamed() throws IOException {
    Path out = dir.resolve("missing/out.wav");
    CliRun run = CliRun.of("convert", SharedData.testdata("jfk.wav").toString(), out.toString());
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err().strip()).isEqualTo("speech4j: cannot write " + out + ": the folder " + out.getParent()
        + " does not exist");
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
