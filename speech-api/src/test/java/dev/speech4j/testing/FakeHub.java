package dev.speech4j.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Hugging Face Hub on 127.0.0.1 for tests, answering as the real one does: {@code /OWNER/REPO/resolve/REV/PATH}
 * on one port, with {@code X-Repo-Commit}, {@code ETag} and, for LFS files, a 302 with {@code X-Linked-Etag} (the
 * SHA-256) and {@code X-Linked-Size} to a file store on a second port, which honours {@code Range}. Faults can be
 * armed: failing answers, a token requirement, slow headers, a body that drops, stalls or arrives corrupted. Every
 * request is recorded.
 */
public final class FakeHub implements AutoCloseable {
  /** One request as a server saw it. */
  public record Request(String server, String method, String path, String range, String authorization) {}

  private record Stored(byte[] content, boolean lfs, String etag) {}

  private final HttpServer hub;
  private final HttpServer store;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-hub");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Stored> files = new ConcurrentHashMap<>();
  private final Map<String, String> commits = new ConcurrentHashMap<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger failureStatus = new AtomicInteger(503);
  private final AtomicReference<Duration> headerDelay = new AtomicReference<>(Duration.ZERO);
  private final AtomicLong dropAfter = new AtomicLong(-1);
  private final AtomicLong stallAfter = new AtomicLong(-1);
  private final AtomicReference<Duration> stall = new AtomicReference<>(Duration.ZERO);
  private final AtomicInteger corruptions = new AtomicInteger();
  private volatile boolean ignoreRange;
  private volatile boolean chunked;

  private FakeHub() throws IOException {
    InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    hub = HttpServer.create(local, 0);
    store = HttpServer.create(local, 0);
    hub.createContext("/", this::hub);
    store.createContext("/", this::store);
    hub.setExecutor(threads);
    store.setExecutor(threads);
    hub.start();
    store.start();
  }

  public static FakeHub start() throws IOException {
    return new FakeHub();
  }

  /** The Hub's address, for {@code HF_ENDPOINT}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
  }

  /** The file store's address: another origin, as the real Hub's CDN is. */
  public URI fileStore() {
    return URI.create("http://127.0.0.1:" + store.getAddress().getPort());
  }

  /** Serves {@code content} as {@code repo}'s {@code path} at every revision; LFS files redirect to the store. */
  public FakeHub put(String repo, String path, byte[] content, boolean lfs) {
    String etag = lfs ? hex("SHA-256", content) : gitBlobSha1(content);
    files.put(repo + "/" + path, new Stored(content.clone(), lfs, etag));
    commits.computeIfAbsent(repo, r -> randomCommit());
    return this;
  }

  /** The commit every revision of {@code repo} is at. */
  public String commit(String repo) {
    return commits.get(repo);
  }

  /** Makes {@code repo} answer 401 unless the request carries {@code Bearer token}. */
  public FakeHub requireToken(String repo, String token) {
    tokens.put(repo, token);
    return this;
  }

  /** The next {@code count} Hub requests answer {@code status}. */
  public FakeHub failNext(int count, int status) {
    failureStatus.set(status);
    failures.set(count);
    return this;
  }

  /** Every Hub answer waits {@code delay} before its headers. */
  public FakeHub delayHeaders(Duration delay) {
    headerDelay.set(delay);
    return this;
  }

  /** The next body the store sends closes its connection after {@code bytes} bytes. */
  public FakeHub dropNextAfter(long bytes) {
    dropAfter.set(bytes);
    return this;
  }

  /** The next body the store sends pauses for {@code pause} after {@code bytes} bytes. */
  public FakeHub stallNextAfter(long bytes, Duration pause) {
    stall.set(pause);
    stallAfter.set(bytes);
    return this;
  }

  /** The next {@code count} bodies the store sends have one byte flipped. */
  public FakeHub corruptNext(int count) {
    corruptions.set(count);
    return this;
  }

  /** The store answers every {@code Range} request with the whole file (200), as some servers do. */
  public FakeHub ignoreRange(boolean ignore) {
    ignoreRange = ignore;
    return this;
  }

  /** The system properties that {@code HubClient.fromEnvironment()} reads, while the returned handle is open. */
  public interface Defaults extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Makes this Hub, with its cache in {@code cache} and downloads allowed, what {@code HubClient.fromEnvironment()}
   * gives in this JVM until the handle is closed: the way a test drives engines that resolve names themselves.
   */
  public Defaults asDefault(java.nio.file.Path cache) {
    Map<String, String> values = Map.of("speech4j.hub.endpoint", endpoint().toString(),
        "speech4j.hub.cache", cache.toString(), "speech4j.offline", "false");
    Map<String, String> previous = new java.util.HashMap<>();
    values.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
    return () -> previous.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }

  /** Bodies are sent chunked, with no {@code Content-Length}, as some proxies and mirrors do. */
  public FakeHub chunked(boolean chunked) {
    this.chunked = chunked;
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String server) {
    return requests.stream().filter(r -> r.server().equals(server)).toList();
  }

  @Override
  public void close() {
    hub.stop(0);
    store.stop(0);
    threads.shutdownNow();
  }

  private void hub(HttpExchange exchange) throws IOException {
    try (exchange) {
      record(exchange, "hub");
      sleep(headerDelay.get());
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        exchange.sendResponseHeaders(failureStatus.get(), -1);
        return;
      }
      String[] parts = exchange.getRequestURI().getRawPath().substring(1).split("/", 5);
      if (parts.length < 5 || !parts[2].equals("resolve")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String repo = parts[0] + "/" + parts[1];
      String token = tokens.get(repo);
      if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("X-Error-Code", "GatedRepo");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      Stored file = files.get(repo + "/" + parts[4]);
      if (file == null) {
        exchange.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      var headers = exchange.getResponseHeaders();
      headers.add("X-Repo-Commit", commits.get(repo));
      if (file.lfs()) {
        headers.add("X-Linked-Etag", "\"" + file.etag() + "\"");
        headers.add("X-Linked-Size", Long.toString(file.content().length));
        headers.add("ETag", "\"" + file.etag() + "\"");
        headers.add("Location", fileStore() + "/blobs/" + file.etag() + "?repo=" + repo);
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      headers.add("ETag", "\"" + file.etag() + "\"");
      body(exchange, file.content(), false);
    }
  }

  private void store(HttpExchange exchange) throws IOException {
    try (exchange) {
      record(exchange, "store");
      String path = exchange.getRequestURI().getRawPath();
      Stored file = files.values().stream().filter(f -> path.equals("/blobs/" + f.etag())).findFirst().orElse(null);
      if (file == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().add("ETag", "\"" + file.etag() + "\"");
      body(exchange, file.content(), true);
    }
  }

  private void body(HttpExchange exchange, byte[] content, boolean faults) throws IOException {
    long from = 0;
    String range = exchange.getRequestHeaders().getFirst("Range");
    if (range != null && range.matches("bytes=\\d+-") && !ignoreRange) {
      from = Long.parseLong(range.substring(6, range.length() - 1));
      if (from >= content.length) {
        exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
        exchange.sendResponseHeaders(416, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Range",
          "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
    }
    int status = from > 0 ? 206 : 200;
    long length = content.length - from;
    if (exchange.getRequestMethod().equals("HEAD")) {
      if (!chunked) {
        exchange.getResponseHeaders().add("Content-Length", Long.toString(length));
      }
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, chunked ? 0 : length);
    byte[] sent = content.clone();
    if (faults && corruptions.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      sent[sent.length / 2] ^= 0x5A;
    }
    long drop = faults ? dropAfter.getAndSet(-1) : -1;
    long pauseAt = faults ? stallAfter.getAndSet(-1) : -1;
    OutputStream out = exchange.getResponseBody();
    int chunk = 4096;
    for (long at = from; at < sent.length; at += chunk) {
      int n = (int) Math.min(chunk, sent.length - at);
      if (drop >= 0 && at - from + n > drop) {
        out.write(sent, (int) at, (int) Math.max(0, drop - (at - from)));
        out.flush();
        // fewer bytes than Content-Length: the server closes the connection
        throw new IOException("dropped on purpose");
      }
      if (pauseAt >= 0 && at - from >= pauseAt) {
        out.flush();
        sleep(stall.get());
        pauseAt = -1;
      }
      out.write(sent, (int) at, n);
    }
  }

  private void record(HttpExchange exchange, String server) {
    requests.add(new Request(server, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestHeaders().getFirst("Range"), exchange.getRequestHeaders().getFirst("Authorization")));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String randomCommit() {
    byte[] bytes = new byte[20];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String gitBlobSha1(byte[] content) {
    byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[header.length + content.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(content, 0, all, header.length, content.length);
    return hex("SHA-1", all);
  }

  /** Hex digest of {@code content}, e.g. {@code hex("MD5", bytes)}. */
  public static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
