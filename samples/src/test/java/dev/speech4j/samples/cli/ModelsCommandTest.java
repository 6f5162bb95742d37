package dev.speech4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.testing.ChildJvm;
import dev.speech4j.testing.FakeHub;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code speech4j models}, {@code transcribe --model NAME} and {@code say --voice NAME} as a user runs them: in a
 * JVM of their own, configured only by {@code HF_*} variables, against a Hub on 127.0.0.1 that serves a random-weight
 * ggml model as {@code ggml-tiny.en.bin} and the dummy Piper voice as {@code en_US-lessac-medium}, with a
 * {@code voices.json} of its own that lists the dummy's size and MD5.
 */
class ModelsCommandTest {
  private static final Path DUMMY = Path.of("..", "speech-tts-piper", "src", "test", "resources", "dev", "speech4j",
      "tts", "piper", "internal");
  private static final String VOICE = "en/en_US/lessac/medium/en_US-lessac-medium.onnx";

  @TempDir
  Path dir;

  private FakeHub hub;
  private Path cache;
  private Path ggml;

  @BeforeEach
  void serve() throws IOException {
    ggml = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    byte[] onnx = Files.readAllBytes(DUMMY.resolve("dummy-voice.onnx"));
    byte[] config = Files.readAllBytes(DUMMY.resolve("dummy-voice.onnx.json"));
    String voices = "{\"en_US-lessac-medium\": {\"key\": \"en_US-lessac-medium\", \"files\": {"
        + entry(VOICE, onnx) + ", " + entry(VOICE + ".json", config) + "}}}";
    hub = FakeHub.start()
        .put("ggerganov/whisper.cpp", "ggml-tiny.en.bin", Files.readAllBytes(ggml), true)
        .put("rhasspy/piper-voices", VOICE, onnx, true)
        .put("rhasspy/piper-voices", VOICE + ".json", config, false)
        .put("rhasspy/piper-voices", "voices.json", voices.getBytes(), false);
    cache = dir.resolve("hf-home").resolve("hub");
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void pullShowsProgressThenTranscribeWorksOffline() throws Exception {
    ChildJvm.Result pull = cli(false, "models", "pull", "tiny.en");

    assertThat(pull.exitCode()).as(pull.err()).isZero();
    Path snapshot = cache.resolve("models--ggerganov--whisper.cpp/snapshots")
        .resolve(hub.commit("ggerganov/whisper.cpp")).resolve("ggml-tiny.en.bin");
    assertThat(pull.out().strip()).isEqualTo("whisper-cpp\ttiny.en\t" + snapshot);
    assertThat(pull.err()).contains("ggml-tiny.en.bin").contains("100%").contains("MiB")
        .contains("-> " + snapshot);
    System.out.println("models pull tiny.en, standard error:\n" + pull.err() + "\ncache:\n" + tree(cache));
    assertThat(Files.isSymbolicLink(snapshot)).isTrue();
    assertThat(Files.mismatch(snapshot, ggml)).isEqualTo(-1);

    int served = hub.requests().size();
    Path audio = SharedData.testdata("jfk.wav");
    ChildJvm.Result byName = cli(true, "transcribe", audio.toString(), "--model", "tiny.en", "--beam-size", "1",
        "--threads", "2");
    ChildJvm.Result byPath = cli(true, "transcribe", audio.toString(), "--model", ggml.toString(), "--beam-size", "1",
        "--threads", "2");
    assertThat(byName.exitCode()).as(byName.err()).isZero();
    assertThat(byName.out()).isEqualTo(byPath.out());
    assertThat(hub.requests()).hasSize(served);

    ChildJvm.Result list = cli(true, "models", "list");
    assertThat(list.out()).contains("# " + cache).containsPattern("\\d+\\.\\d MiB  hf://ggerganov/whisper.cpp/"
        + "ggml-tiny.en.bin@" + hub.commit("ggerganov/whisper.cpp").substring(0, 8));
    ChildJvm.Result rm = cli(true, "models", "rm", "tiny.en");
    assertThat(rm.out()).contains("removed 1 file(s) of tiny.en");
    assertThat(cache.resolve("models--ggerganov--whisper.cpp")).doesNotExist();
  }

  @Test
  void sayDownloadsAVoiceOnFirstUseAndThenWorksOffline() throws Exception {
    Path first = dir.resolve("first.wav");
    ChildJvm.Result online = cli(false, "say", "Hi there.", "--voice", "en_US-lessac-medium", "--out",
        first.toString());
    assertThat(online.exitCode()).as(online.err()).isZero();
    assertThat(online.err()).contains("en_US-lessac-medium.onnx@v1.0.0 -> ").contains("en_US-lessac-medium.onnx.json@v1.0.0 -> ");

    int served = hub.requests().size();
    Path second = dir.resolve("second.wav");
    ChildJvm.Result offline = cli(true, "say", "Hi there.", "--voice", "en_US-lessac-medium", "--out",
        second.toString());
    assertThat(offline.exitCode()).as(offline.err()).isZero();
    assertThat(offline.err()).doesNotContain("->");
    assertThat(hub.requests()).hasSize(served);
    assertThat(Files.size(second)).isEqualTo(Files.size(first)).isGreaterThan(1000);
  }

  /** Killing the CLI mid-download leaves only an .incomplete file; running it again resumes from there. */
  @Test
  void aKilledPullResumesWhereItStopped() throws Exception {
    long size = Files.size(ggml);
    hub.stallNextAfter(size / 2, Duration.ofMinutes(2));
    Process pull = ChildJvm.start(Main.class, dir, env(false), "models", "pull", "tiny.en");
    Path blobs = cache.resolve("models--ggerganov--whisper.cpp/blobs");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (partialBytes(blobs) < size / 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    pull.destroyForcibly().waitFor();
    long partial = partialBytes(blobs);
    assertThat(partial).isGreaterThan(0).isLessThan(size);
    try (Stream<Path> files = Files.list(blobs)) {
      assertThat(files).allMatch(p -> p.toString().endsWith(".incomplete"));
    }
    assertThat(cache.resolve("models--ggerganov--whisper.cpp/snapshots")).doesNotExist();

    ChildJvm.Result again = cli(false, "models", "pull", "tiny.en");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).contains("resuming hf://ggerganov/whisper.cpp/ggml-tiny.en.bin@main at");
    List<FakeHub.Request> gets = hub.requests("store");
    assertThat(gets.get(gets.size() - 1).range()).isEqualTo("bytes=" + partial + "-");
    assertThat(Files.mismatch(Path.of(again.out().strip().split("\t")[2]), ggml)).isEqualTo(-1);
  }

  /** Two processes pulling one model at once: the second waits for the first, and the file is fetched once. */
  @Test
  void twoProcessesPullingAtOnceFetchTheFileOnce() throws Exception {
    hub.stallNextAfter(Files.size(ggml) / 2, Duration.ofSeconds(2));
    Process first = ChildJvm.start(Main.class, dir, env(false), "models", "pull", "tiny.en");
    Process second = ChildJvm.start(Main.class, dir, env(false), "models", "pull", "tiny.en");
    for (Process p : new Process[] {first, second}) {
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
      assertThat(p.waitFor()).isZero();
    }
    assertThat(hub.requests("store")).hasSize(1);
    Path snapshot = cache.resolve("models--ggerganov--whisper.cpp/snapshots")
        .resolve(hub.commit("ggerganov/whisper.cpp")).resolve("ggml-tiny.en.bin");
    assertThat(Files.mismatch(snapshot, ggml)).isEqualTo(-1);
  }

  @Test
  void unknownNamesAndOfflineMissesSayWhatToDo() throws Exception {
    ChildJvm.Result typo = cli(false, "transcribe", SharedData.testdata("jfk.wav").toString(), "--model", "tiny.enn");
    assertThat(typo.exitCode()).isEqualTo(Main.UNAVAILABLE);
    assertThat(typo.err()).contains("Did you mean tiny.en");

    ChildJvm.Result offline = cli(true, "models", "pull", "base.en");
    assertThat(offline.exitCode()).isEqualTo(Main.UNAVAILABLE);
    assertThat(offline.err()).contains("hf://ggerganov/whisper.cpp/ggml-base.en.bin@main").contains("HF_HUB_OFFLINE");
    assertThat(hub.requests()).isEmpty();
  }

  private ChildJvm.Result cli(boolean offline, String... args) throws IOException, InterruptedException {
    return ChildJvm.run(Main.class, dir, env(offline), args);
  }

  private Map<String, String> env(boolean offline) {
    Map<String, String> env = new HashMap<>(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
        "HF_HOME", dir.resolve("hf-home").toString(), "SPEECH4J_MODELS", dir.resolve("models").toString()));
    if (offline) {
      env.put("HF_HUB_OFFLINE", "1");
    }
    return env;
  }

  private static long partialBytes(Path blobs) throws IOException {
    if (!Files.isDirectory(blobs)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(blobs)) {
      return files.filter(p -> p.toString().endsWith(".incomplete")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static String tree(Path root) throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted().toList()) {
        out.append(root.relativize(p));
        if (Files.isSymbolicLink(p)) {
          out.append(" -> ").append(Files.readSymbolicLink(p));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String entry(String path, byte[] content) {
    return "\"" + path + "\": {\"size_bytes\": " + content.length + ", \"md5_digest\": \"" + FakeHub.hex("MD5", content)
        + "\"}";
  }
}
