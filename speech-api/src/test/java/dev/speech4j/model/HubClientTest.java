package dev.speech4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelDownloadException;
import dev.speech4j.ModelIntegrityException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.testing.FakeHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HubClient} against a Hub and file store on 127.0.0.1 that this test starts. */
class HubClientTest {
  private static final String REPO = "owner/model";

  @TempDir
  Path dir;

  private FakeHub hub;
  private HubCache cache;
  private byte[] weights;
  private byte[] config;

  @BeforeEach
  void start() throws IOException {
    long seed = new Random().nextLong();
    System.out.println("HubClientTest seed " + seed);
    Random random = new Random(seed);
    weights = new byte[200_000 + random.nextInt(300_000)];
    random.nextBytes(weights);
    config = ("{\"seed\": " + seed + "}").getBytes();
    hub = FakeHub.start().put(REPO, "weights/model.bin", weights, true).put(REPO, "config.json", config, false);
    cache = new HubCache(dir.resolve("hub"));
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  private HubClient.Builder client() {
    return HubClient.builder().endpoint(hub.endpoint()).cache(cache).timeout(Duration.ofSeconds(2))
        .retries(3, Duration.ofMillis(10));
  }

  private static HubFile file(String path) {
    return HubFile.of(REPO, path);
  }

  @Test
  void downloadsIntoHuggingFaceHubsLayout() throws IOException {
    HubClient client = client().build();
    Path model = client.download(file("weights/model.bin"), DownloadListener.NONE);
    Path small = client.download(file("config.json"), DownloadListener.NONE);

    Path repo = cache.root().resolve("models--owner--model");
    String commit = hub.commit(REPO);
    assertThat(model).isEqualTo(repo.resolve("snapshots").resolve(commit).resolve("weights/model.bin"));
    assertThat(Files.readAllBytes(model)).isEqualTo(weights);
    assertThat(Files.readAllBytes(small)).isEqualTo(config);
    assertThat(Files.isSymbolicLink(model)).isTrue();
    assertThat(Files.readSymbolicLink(model).toString())
        .isEqualTo("../../../blobs/" + FakeHub.hex("SHA-256", weights));
    assertThat(Files.readSymbolicLink(small).toString()).isEqualTo("../../blobs/" + gitSha1(config));
    assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(commit);
    assertThat(blobs()).noneMatch(p -> p.toString().endsWith(".incomplete"));

    int before = hub.requests().size();
    HubClient offline = client().offline(true).build();
    assertThat(offline.download(file("weights/model.bin"), DownloadListener.NONE)).isEqualTo(model);
    assertThat(hub.requests()).hasSize(before);
  }

  /** A cache that huggingface_hub filled (blob named by its hash, relative link, ref) is used as it is. */
  @Test
  void readsACacheThatHuggingFaceHubWrote() throws IOException {
    String commit = "0123456789abcdef0123456789abcdef01234567";
    Path repo = cache.root().resolve("models--someone--else");
    Files.createDirectories(repo.resolve("blobs"));
    Files.write(repo.resolve("blobs/abcdef0123456789"), weights);
    Path link = repo.resolve("snapshots").resolve(commit).resolve("ggml-tiny.bin");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Path.of("../../blobs/abcdef0123456789"));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), commit);

    HubClient offline = client().offline(true).build();
    Path found = offline.download(HubFile.of("someone/else", "ggml-tiny.bin"), DownloadListener.NONE);

    assertThat(found).isEqualTo(link);
    assertThat(cache.entries()).extracting(e -> e.file().repo() + "/" + e.file().path() + " " + e.size())
        .containsExactly("someone/else/ggml-tiny.bin " + weights.length);
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void sendsTheTokenToTheHubButNotToTheFileStoreItRedirectsTo() {
    hub.requireToken(REPO, "secret");
    client().token("secret").build().download(file("weights/model.bin"), DownloadListener.NONE);

    assertThat(hub.requests("hub")).isNotEmpty().allMatch(r -> "Bearer secret".equals(r.authorization()));
    assertThat(hub.requests("store")).isNotEmpty().allMatch(r -> r.authorization() == null);
  }

  @Test
  void withoutATokenAGatedRepoSaysToSetHfToken() {
    hub.requireToken(REPO, "secret");
    assertThatThrownBy(() -> client().build().download(file("weights/model.bin"), DownloadListener.NONE))
        .isInstanceOfSatisfying(ModelDownloadException.class, e -> assertThat(e.statusCode()).isEqualTo(401))
        .hasMessageContaining("HF_TOKEN").hasMessageContaining(REPO);
    assertThatThrownBy(() -> client().token("wrong").build().download(file("config.json"), DownloadListener.NONE))
        .hasMessageContaining("cannot read " + REPO);
  }

  @Test
  void aMissingFileIsNotFound() {
    assertThatThrownBy(() -> client().build().download(file("nope.bin"), DownloadListener.NONE))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("hf://owner/model/nope.bin@main")
        .hasMessageContaining("404");
  }

  @Test
  void resumesWithRangeAfterTheConnectionDrops() throws IOException {
    long cut = weights.length / 3;
    hub.dropNextAfter(cut);
    List<long[]> progress = new ArrayList<>();
    DownloadListener listener = new DownloadListener() {
      @Override
      public void started(HubFile file, long total, long resumedAt) {
        progress.add(new long[] {total, resumedAt});
      }
    };

    Path model = client().build().download(file("weights/model.bin"), listener);

    assertThat(Files.readAllBytes(model)).isEqualTo(weights);
    List<FakeHub.Request> gets = hub.requests("store");
    assertThat(gets).hasSize(2);
    assertThat(gets.get(0).range()).isNull();
    assertThat(gets.get(1).range()).matches("bytes=\\d+-");
    long resumedAt = Long.parseLong(gets.get(1).range().replaceAll("\\D", ""));
    assertThat(resumedAt).isPositive().isLessThanOrEqualTo(cut);
    assertThat(progress.get(1)).containsExactly(weights.length, resumedAt);
  }

  /** A small file sent without a length cannot have its git hash checked up front, and still downloads. */
  @Test
  void aSmallFileSentChunkedDownloads() throws IOException {
    hub.chunked(true);
    Path small = client().build().download(file("config.json"), DownloadListener.NONE);
    assertThat(Files.readAllBytes(small)).isEqualTo(config);
  }

  @Test
  void startsOverWhenTheServerIgnoresRange() throws IOException {
    hub.dropNextAfter(weights.length / 2).ignoreRange(true);
    Path model = client().build().download(file("weights/model.bin"), DownloadListener.NONE);
    assertThat(Files.readAllBytes(model)).isEqualTo(weights);
  }

  @Test
  void aStalledBodyTimesOutAndTheNextAttemptResumes() throws IOException {
    hub.stallNextAfter(weights.length / 2, Duration.ofSeconds(5));
    Path model = client().timeout(Duration.ofMillis(500)).build().download(file("weights/model.bin"),
        DownloadListener.NONE);
    assertThat(Files.readAllBytes(model)).isEqualTo(weights);
    assertThat(hub.requests("store").get(1).range()).matches("bytes=[1-9]\\d*-");
  }

  @Test
  void aServerSlowerThanTheTimeoutFailsAfterBoundedRetries() {
    hub.delayHeaders(Duration.ofSeconds(3));
    long start = System.nanoTime();
    assertThatThrownBy(() -> client().timeout(Duration.ofMillis(300)).retries(2, Duration.ofMillis(10)).build()
        .download(file("config.json"), DownloadListener.NONE))
        .isInstanceOf(ModelDownloadException.class).hasMessageContaining("after 2 attempts")
        .hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void retriesServerErrorsThenSucceeds() throws IOException {
    hub.failNext(2, 503);
    Path model = client().build().download(file("weights/model.bin"), DownloadListener.NONE);
    assertThat(Files.readAllBytes(model)).isEqualTo(weights);

    hub.failNext(10, 502);
    assertThatThrownBy(() -> client().build().download(file("weights/model.bin").at("v2"), DownloadListener.NONE))
        .isInstanceOfSatisfying(ModelDownloadException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
  }

  @Test
  void aCorruptedBodyFailsNamingBothHashesAndLeavesNoFile() throws IOException {
    hub.corruptNext(1);
    assertThatThrownBy(() -> client().build().download(file("weights/model.bin"), DownloadListener.NONE))
        .isInstanceOfSatisfying(ModelIntegrityException.class, e -> {
          assertThat(e.file()).isEqualTo("hf://owner/model/weights/model.bin@main");
          assertThat(e.expected()).isEqualTo("sha256 " + FakeHub.hex("SHA-256", weights));
          assertThat(e.actual()).startsWith("sha256 ").isNotEqualTo(e.expected());
        });
    assertThat(blobs()).isEmpty();
    assertThat(cache.find(file("weights/model.bin"))).isEmpty();
  }

  @Test
  void aCatalogsMd5AndSizeAreChecked() throws IOException {
    HubFile wrong = file("weights/model.bin").withMd5(weights.length, "0".repeat(32));
    assertThatThrownBy(() -> client().build().download(wrong, DownloadListener.NONE))
        .isInstanceOfSatisfying(ModelIntegrityException.class,
            e -> assertThat(e.actual()).isEqualTo("md5 " + FakeHub.hex("MD5", weights)));
    HubFile right = file("weights/model.bin").withMd5(weights.length, FakeHub.hex("MD5", weights));
    assertThat(Files.readAllBytes(client().build().download(right, DownloadListener.NONE))).isEqualTo(weights);
    HubFile shorter = file("config.json").withMd5(config.length - 1, FakeHub.hex("MD5", config));
    assertThatThrownBy(() -> client().build().download(shorter, DownloadListener.NONE))
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining(config.length + " bytes");
  }

  @Test
  void concurrentDownloadsOfOneFileWaitForEachOther() throws Exception {
    hub.stallNextAfter(weights.length / 2, Duration.ofMillis(300));
    HubClient client = client().build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<Path> pull = () -> client.download(file("weights/model.bin"), DownloadListener.NONE);
        results.add(pool.submit(pull));
      }
      for (Future<Path> result : results) {
        assertThat(Files.readAllBytes(result.get())).isEqualTo(weights);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(hub.requests("store")).hasSize(1);
  }

  @Test
  void offlineWithoutACopySaysWhatIsMissing() {
    assertThatThrownBy(() -> client().offline(true).build().download(file("config.json"), DownloadListener.NONE))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("hf://owner/model/config.json@main")
        .hasMessageContaining("HF_HUB_OFFLINE");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void removingAFileKeepsBlobsOtherFilesShare() throws IOException {
    HubClient client = client().build();
    client.download(file("weights/model.bin"), DownloadListener.NONE);
    client.download(file("config.json"), DownloadListener.NONE);

    assertThat(cache.remove(file("weights/model.bin"))).isEqualTo(1);
    assertThat(blobs()).extracting(p -> p.getFileName().toString()).containsExactly(gitSha1(config));
    assertThat(cache.remove(file("config.json"))).isEqualTo(1);
    assertThat(cache.root().resolve("models--owner--model")).doesNotExist();
  }

  @Test
  void hostileReferencesAreRefusedBeforeAnyRequest() {
    for (String bad : new String[] {"hf://../x/y.bin", "hf://a/b/../../etc/passwd", "hf://a/b//c", "hf://a/b/c@..",
        "hf://a/b/c@x/../../y", "hf://a/b", "hf://a/b/./c", "hf:///abs"}) {
      assertThatThrownBy(() -> HubFile.parse(bad)).as(bad).isInstanceOf(InvalidOptionsException.class);
    }
    assertThat(HubFile.parse("hf://rhasspy/piper-voices/en/en_US/x.onnx@v1.0.0").revision()).isEqualTo("v1.0.0");
    assertThat(hub.requests()).isEmpty();
  }

  private List<Path> blobs() throws IOException {
    Path blobs = cache.root().resolve("models--owner--model/blobs");
    if (!Files.isDirectory(blobs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(blobs)) {
      return files.toList();
    }
  }

  private static String gitSha1(byte[] content) {
    byte[] header = ("blob " + content.length + "\0").getBytes();
    byte[] all = new byte[header.length + content.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(content, 0, all, header.length, content.length);
    return FakeHub.hex("SHA-1", all);
  }
}
