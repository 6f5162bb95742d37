package dev.speech4j.model;

import dev.speech4j.ModelDownloadException;
import dev.speech4j.ModelIntegrityException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.SpeechCancelledException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads files from the Hugging Face Hub ({@code GET ENDPOINT/OWNER/REPO/resolve/REVISION/PATH}) into a
 * {@link HubCache}, the way huggingface_hub does: each file is verified against the hash its ETag gives (SHA-256 for
 * LFS files, the git blob hash otherwise) and against the size and MD5 a catalog promises; it is written as
 * {@code .incomplete} and renamed into place only when whole; an interrupted download resumes with {@code Range};
 * threads and processes fetching the same file wait for each other; 5xx answers, 429 and timeouts are retried a
 * bounded number of times with growing pauses. The token goes only to the endpoint's own host, never to a host it
 * redirects to.
 *
 * <p>Safe for concurrent use. {@link #fromEnvironment()} reads {@code HF_ENDPOINT} (system property
 * {@code speech4j.hub.endpoint}), {@code HF_TOKEN} (else the file {@code HF_TOKEN_PATH}, else {@code HF_HOME/token},
 * where {@code huggingface-cli login} keeps it) and {@code HF_HUB_OFFLINE} (system property {@code speech4j.offline}).
 */
public final class HubClient {
  /** The public Hub. */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
  private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final int MAX_REDIRECTS = 5;
  private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");
  // one client for every HubClient: its selector thread is a daemon that lives as long as the JVM
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(30)).build();

  private final URI endpoint;
  private final String token;
  private final HubCache cache;
  private final boolean offline;
  private final Duration timeout;
  private final int attempts;
  private final Duration backoff;

  private HubClient(Builder b) {
    endpoint = b.endpoint;
    token = b.token;
    cache = b.cache;
    offline = b.offline;
    timeout = b.timeout;
    attempts = b.attempts;
    backoff = b.backoff;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A client configured by the environment, as huggingface_hub is (see the class description). */
  public static HubClient fromEnvironment() {
    String endpoint = System.getProperty("speech4j.hub.endpoint", System.getenv("HF_ENDPOINT"));
    Builder b = builder().cache(HubCache.fromEnvironment()).offline(offlineFromEnvironment());
    if (endpoint != null && !endpoint.isBlank()) {
      b.endpoint(URI.create(endpoint.strip()));
    }
    tokenFromEnvironment().ifPresent(b::token);
    return b.build();
  }

  public URI endpoint() {
    return endpoint;
  }

  public HubCache cache() {
    return cache;
  }

  /** Whether this client answers from the cache only, never touching the network. */
  public boolean isOffline() {
    return offline;
  }

  /**
   * The local copy of {@code file}, downloaded unless the cache has it at a pinned commit. Offline, the cache
   * answers alone. If the Hub cannot be reached but the cache has the revision, the cached copy is used.
   *
   * @throws ModelNotFoundException if the Hub has no such file, or offline and the cache has none
   * @throws ModelIntegrityException if what arrived does not match its hash, size or MD5
   * @throws ModelDownloadException if the Hub refused access or kept failing
   */
  public Path download(HubFile file, DownloadListener listener) {
    Objects.requireNonNull(listener, "listener");
    Optional<Path> cached = cache.find(file);
    if (offline || (file.isPinned() && cached.isPresent())) {
      return cached.orElseThrow(() -> new ModelNotFoundException(file + " is not in the Hub cache " + cache.root()
          + " and downloads are off (HF_HUB_OFFLINE or speech4j.offline): download it once while online"));
    }
    try {
      return withRetries(file, () -> fetch(file, listener));
    } catch (ModelDownloadException e) {
      if (cached.isPresent() && !(e instanceof ModelIntegrityException) && e.statusCode() != 401
          && e.statusCode() != 403) {
        LOG.warn("cannot reach {} ({}); using the cached {}", endpoint, e.getMessage(), cached.get());
        return cached.get();
      }
      throw e;
    }
  }

  private interface Attempt {
    Path run() throws IOException, Retry;
  }

  /** A failure worth another attempt: a 5xx or 429 answer. */
  static final class Retry extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Retry(String message, int status) {
      super(message);
      this.status = status;
    }
  }

  private Path withRetries(HubFile file, Attempt attempt) {
    Exception last = null;
    int status = 0;
    for (int i = 0; i < attempts; i++) {
      if (i > 0) {
        long pause = Math.min(backoff.toMillis() << Math.min(i - 1, 16), 30_000);
        LOG.info("retrying {} in {} ms after: {}", file, pause, last.getMessage());
        sleep(pause);
      }
      try {
        return attempt.run();
      } catch (Retry e) {
        last = e;
        status = e.status;
      } catch (LocalFailure e) {
        throw new UncheckedIOException("cannot write " + file + " into the Hub cache " + cache.root() + ": "
            + e.io().getMessage(), e.io());
      } catch (IOException e) {
        last = e;
        status = 0;
      }
    }
    throw new ModelDownloadException("cannot download " + file + " from " + endpoint + " after " + attempts
        + " attempts; last: " + describe(last), status, last);
  }

  private Path fetch(HubFile file, DownloadListener listener) throws IOException, Retry {
    FileMeta meta = head(file);
    Path blob = cache.blob(file.repo(), meta.etag());
    Path lockFile = cache.lockFile(file.repo(), meta.etag());
    Files.createDirectories(lockFile.getParent());
    Files.createDirectories(blob.getParent());
    ReentrantLock local = LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    try {
      local.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("interrupted while waiting for another download of " + file);
    }
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = lockChannel.lock()) {
      if (!Files.isRegularFile(blob)) {
        Path partial = blob.resolveSibling(meta.etag() + ".incomplete");
        FileHashes hashes = new BlobDownload(file, meta, partial, requests(), timeout, listener).run();
        verify(file, meta, partial, hashes);
        try {
          Files.move(partial, blob, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new LocalFailure(e);
        }
      }
      try {
        Path path = cache.link(file, meta.commit(), meta.etag());
        cache.writeRef(file.repo(), file.revision(), meta.commit());
        listener.finished(file, path);
        return path;
      } catch (IOException e) {
        throw new LocalFailure(e);
      }
    } finally {
      local.unlock();
    }
  }

  private static void verify(HubFile file, FileMeta meta, Path partial, FileHashes hashes) throws IOException {
    long size = Files.size(partial);
    long expectedSize = file.expectedSize().orElse(meta.size());
    if (expectedSize >= 0 && size != expectedSize) {
      throw integrity(partial, new ModelIntegrityException(file.toString(), expectedSize + " bytes", size + " bytes"));
    }
    if (meta.etag().length() == 64 && !hashes.sha256().equals(meta.etag())) {
      throw integrity(partial, new ModelIntegrityException(file.toString(), "sha256 " + meta.etag(),
          "sha256 " + hashes.sha256()));
    }
    // the git blob hash needs the size up front: a small file sent without Content-Length is checked by size only
    if (meta.etag().length() == 40 && !meta.linked() && !hashes.gitSha1().isEmpty()
        && !hashes.gitSha1().equals(meta.etag())) {
      throw integrity(partial, new ModelIntegrityException(file.toString(), "git blob sha1 " + meta.etag(),
          "git blob sha1 " + hashes.gitSha1()));
    }
    if (file.expectedMd5().isPresent() && !hashes.md5().equals(file.expectedMd5().get())) {
      throw integrity(partial, new ModelIntegrityException(file.toString(), "md5 " + file.expectedMd5().get(),
          "md5 " + hashes.md5()));
    }
  }

  private static ModelIntegrityException integrity(Path partial, ModelIntegrityException e) throws IOException {
    Files.deleteIfExists(partial);
    return e;
  }

  /** Reads the file's commit, ETag, size and download location, following the Hub's relative redirects. */
  private FileMeta head(HubFile file) throws IOException, Retry {
    URI url = resolveUrl(file);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<Void> response = send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody())
          .header("Accept-Encoding", "identity"), url, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      Optional<String> linkedEtag = response.headers().firstValue("X-Linked-Etag");
      if (status / 100 == 3 && linkedEtag.isEmpty()) {
        URI next = location(response, url);
        if (sameOrigin(next, url)) {
          url = next;
          continue;
        }
      }
      if (status / 100 == 2 || status / 100 == 3) {
        return FileMeta.of(file, status, response.headers(), status / 100 == 3 ? location(response, url) : url);
      }
      throw failure(file, status);
    }
    throw new ModelDownloadException(file + ": more than " + MAX_REDIRECTS + " redirects from " + endpoint, 310, null);
  }

  private BlobDownload.Requests requests() {
    return new BlobDownload.Requests() {
      @Override
      public HttpRequest.Builder prepare(HttpRequest.Builder request, URI url) {
        return HubClient.this.prepare(request, url);
      }

      @Override
      public HttpClient http() {
        return HTTP;
      }
    };
  }

  /** Adds the headers every request carries, with the token only where it goes to the endpoint's own host. */
  private HttpRequest.Builder prepare(HttpRequest.Builder request, URI url) {
    request.timeout(timeout).header("User-Agent", "speech4j");
    if (token != null && sameOrigin(url, endpoint)) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, URI url, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return HTTP.sendAsync(prepare(request, url).build(), handler).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("interrupted while talking to " + url.getHost());
    } catch (TimeoutException e) {
      throw new HttpTimeoutException("no answer from " + url.getHost() + " within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
  }

  private RuntimeException failure(HubFile file, int status) throws Retry {
    if (status == 429 || status >= 500) {
      throw new Retry("HTTP " + status, status);
    }
    if (status == 401 || status == 403) {
      return new ModelDownloadException(file + ": the Hub refused access (HTTP " + status + "). "
          + (token == null ? "The repository may be private or gated: set HF_TOKEN (or run huggingface-cli login) "
              + "to a token that can read " + file.repo() + ", or check the name"
              : "The token given (HF_TOKEN or huggingface-cli login) cannot read " + file.repo()
              + ": accept its terms on the Hub or use another token"), status, null);
    }
    if (status == 404) {
      return new ModelNotFoundException(file + " not found on " + endpoint
          + " (HTTP 404): check the repository, the file's path and the revision");
    }
    return new ModelDownloadException(file + ": unexpected HTTP " + status + " from " + endpoint, status, null);
  }

  private URI resolveUrl(HubFile file) {
    String base = endpoint.toString().replaceAll("/+$", "");
    return URI.create(base + "/" + file.repo() + "/resolve/" + file.revision().replace("/", "%2F") + "/"
        + file.path());
  }

  static URI location(HttpResponse<?> response, URI from) throws IOException {
    String location = response.headers().firstValue("Location")
        .orElseThrow(() -> new IOException("HTTP " + response.statusCode() + " without a Location"));
    return from.resolve(location);
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("interrupted while waiting to retry a download");
    }
  }

  private static String describe(Exception e) {
    return e == null ? "none" : e instanceof HttpTimeoutException ? "timed out: " + e.getMessage()
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static boolean offlineFromEnvironment() {
    String value = System.getProperty("speech4j.offline", System.getenv("HF_HUB_OFFLINE"));
    return value != null && TRUE.contains(value.strip().toLowerCase(Locale.ROOT));
  }

  private static Optional<String> tokenFromEnvironment() {
    for (String name : new String[] {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"}) {
      String value = System.getenv(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.strip());
      }
    }
    String path = System.getenv("HF_TOKEN_PATH");
    String home = System.getenv("HF_HOME");
    Path file = path != null ? Path.of(path) : home != null ? Path.of(home, "token")
        : Path.of(System.getProperty("user.home"), ".cache", "huggingface", "token");
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          .filter(t -> !t.isEmpty()) : Optional.empty();
    } catch (IOException e) {
      LOG.warn("cannot read the Hub token file {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** A failure to write the cache on this machine: not worth retrying. */
  static final class LocalFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final IOException io;

    LocalFailure(IOException cause) {
      super(cause);
      this.io = cause;
    }

    IOException io() {
      return io;
    }
  }

  /** How a {@link HubClient} reaches the Hub. */
  public static final class Builder {
    private URI endpoint = DEFAULT_ENDPOINT;
    private String token;
    private HubCache cache;
    private boolean offline;
    private Duration timeout = Duration.ofSeconds(30);
    private int attempts = 5;
    private Duration backoff = Duration.ofSeconds(1);

    private Builder() {}

    /** The Hub's address (default {@link #DEFAULT_ENDPOINT}); a mirror works too. */
    public Builder endpoint(URI endpoint) {
      if (endpoint.getScheme() == null || !endpoint.getScheme().matches("https?") || endpoint.getHost() == null) {
        throw new IllegalArgumentException("Hub endpoint must be an http(s) URL, got " + endpoint);
      }
      this.endpoint = endpoint;
      return this;
    }

    /** An access token, sent to the endpoint's host only (default none). */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** Where files go (default {@link HubCache#fromEnvironment()}). */
    public Builder cache(HubCache cache) {
      this.cache = cache;
      return this;
    }

    /** Answer from the cache only (default false). */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** How long to wait to connect, for an answer, and between two pieces of a body (default 30 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero() || timeout.toHours() > 1) {
        throw new IllegalArgumentException("timeout must be in (0, 1 h], got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Tries per file, at least 1 and at most 20 (default 5), with pauses of {@code backoff}, twice that, and so on,
     * up to 30 s (default 1 s).
     */
    public Builder retries(int attempts, Duration backoff) {
      if (attempts < 1 || attempts > 20 || backoff.isNegative() || backoff.toMinutes() > 1) {
        throw new IllegalArgumentException("attempts must be in [1, 20] and backoff in [0, 1 min]");
      }
      this.attempts = attempts;
      this.backoff = backoff;
      return this;
    }

    public HubClient build() {
      if (cache == null) {
        cache = HubCache.fromEnvironment();
      }
      return new HubClient(this);
    }
  }
}
