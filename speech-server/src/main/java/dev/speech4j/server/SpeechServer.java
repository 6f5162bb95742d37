package dev.speech4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.speech4j.model.ModelStore;
import dev.speech4j.service.LoadedModel;
import dev.speech4j.service.SpeechService;
import dev.speech4j.stt.Task;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible speech server on Javalin (Jetty 12) over a {@link SpeechService}: the official OpenAI SDKs
 * work against it by changing their base URL.
 *
 * <ul>
 *   <li>{@code POST /v1/audio/transcriptions}, {@code /v1/audio/translations}: multipart, OpenAI's fields and
 *       formats, {@code stream=true} as server-sent events;
 *   <li>{@code POST /v1/audio/speech}: JSON in, audio streamed sentence by sentence;
 *   <li>{@code GET /v1/models}, {@code GET|POST|DELETE /v1/models/{id}}: list, show, download and remove models;
 *   <li>{@code POST /v1/audio/vad}: speech timestamps of an upload;
 *   <li>{@code GET /health} (200 ready, 503 loading), {@code GET /metrics} (Prometheus), and a web page at {@code /}.
 * </ul>
 *
 * Every error is OpenAI's {@code {"error": {"message", "type", "param", "code"}}}. Thread-safe; close it to stop
 * taking requests, finish those in flight within the grace period, and unload every model.
 */
public final class SpeechServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpeechServer.class);

  private final ServerConfig config;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ObjectMapper json = new ObjectMapper();
  private final ModelStore store = ModelStore.fromEnvironment();
  private final ModelDirectory models;
  private final AtomicReference<SpeechService> service = new AtomicReference<>();
  private final CompletableFuture<SpeechService> loading;
  private final Path uploads;
  private final Javalin app;
  private final byte[] apiKeyHash;
  private final boolean loopback;
  private boolean closed; // guarded by service

  private SpeechServer(ServerConfig config) {
    this.config = config;
    this.models = new ModelDirectory(config, store);
    this.apiKeyHash = config.apiKey().map(SpeechServer::sha256).orElse(null);
    this.loopback = isLoopback(config.host());
    try {
      this.uploads = Files.createTempDirectory("speech4j-uploads-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for uploads: " + e.getMessage(), e);
    }
    this.app = Javalin.create(this::configure);
    this.loading = CompletableFuture.supplyAsync(() -> {
      SpeechService s = SpeechService.start(config.service(), registry);
      synchronized (service) {
        if (closed) {
          s.close();
          throw new IllegalStateException("the server was closed while it loaded");
        }
        service.set(s);
      }
      LOG.info("ready: serving {}", config.service().chain());
      return s;
    });
  }

  /**
   * Starts a server: it listens at once and answers {@code /health} with 503 until the service's models are
   * loaded (preloaded when {@code preload = true}).
   */
  public static SpeechServer start(ServerConfig config) {
    SpeechServer server = new SpeechServer(config);
    try {
      server.app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** Its base address, e.g. {@code http://127.0.0.1:8000}; the OpenAI API is under {@code /v1}. */
  public URI uri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + port());
  }

  /** Waits until the service is ready; rethrows its start-up failure. */
  public SpeechServer awaitReady() {
    loading.join();
    return this;
  }

  /** Stops taking requests, lets those in flight finish within the grace period, then unloads every model. */
  @Override
  public void close() {
    try {
      app.stop();
    } catch (RuntimeException e) {
      LOG.warn("requests still running after the grace period of {} s were cut short: {}",
          config.shutdownGrace().toSeconds(), e.toString());
    }
    SpeechService s;
    synchronized (service) {
      closed = true;
      s = service.getAndSet(null);
    }
    if (s != null) {
      s.close();
    }
    try (var files = Files.walk(uploads)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", uploads, e.toString());
    }
  }

  private void configure(JavalinConfig c) {
    c.startup.showJavalinBanner = false;
    c.http.maxRequestSize = config.maxUploadBytes();
    c.jetty.multipartConfig.cacheDirectory(uploads.toString());
    c.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
    c.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), SizeUnit.BYTES);
    c.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
    c.jetty.modifyServer(server -> {
      server.setStopTimeout(config.shutdownGrace().toMillis());
      server.insertHandler(new GracefulHandler());
      server.setErrorHandler(new JsonErrorHandler(json));
    });
    if (!config.corsOrigins().isEmpty()) {
      c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
        config.corsOrigins().forEach(rule::allowHost);
        rule.exposeHeader("X-Speech4j-Model");
        rule.exposeHeader("X-Speech4j-Voice");
      }));
    }
    c.routes.before("/v1/*", this::admit);
    c.routes.before("/metrics", this::authorize);
    c.routes.get("/", ctx -> page(ctx, "index.html", "text/html; charset=utf-8"));
    c.routes.get("/health", this::health);
    c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
        .result(registry.scrape()));
    c.routes.post("/v1/audio/transcriptions", new TranscriptionHandler(Task.TRANSCRIBE, this::ready, models, json));
    c.routes.post("/v1/audio/translations", new TranscriptionHandler(Task.TRANSLATE, this::ready, models, json));
    c.routes.post("/v1/audio/speech", new SpeechHandler(this::ready, models, json));
    c.routes.post("/v1/audio/vad", new VadHandler(this::ready, config));
    ModelRoutes modelRoutes = new ModelRoutes(models, this::loaded, json);
    c.routes.get("/v1/models", modelRoutes::list);
    c.routes.get("/v1/models/{id}", modelRoutes::show);
    c.routes.post("/v1/models/{id}", modelRoutes::download);
    c.routes.delete("/v1/models/{id}", modelRoutes::remove);
    c.routes.exception(Exception.class, this::error);
    c.routes.error(404, ctx -> {
      if (!isJson(ctx)) {
        error(new ApiException(404, "invalid_request_error", null, "unknown_url", "no such endpoint: "
            + ctx.method() + " " + ctx.path()), ctx);
      }
    });
    c.routes.error(405, ctx -> {
      if (!isJson(ctx)) {
        error(new ApiException(405, "invalid_request_error", null, "method_not_allowed", ctx.method()
            + " is not allowed on " + ctx.path()), ctx);
      }
    });
  }

  private static boolean isJson(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith("application/json");
  }

  /**
   * Checks the key, where the request comes from, and refuses bodies over the limit before a byte of them is read.
   * A browser's request from another origin is refused unless {@code server.cors-origins} lists it, so a web page
   * cannot drive a server on this machine; bound to a loopback address, the server answers only to loopback host
   * names, which defeats DNS rebinding.
   */
  private void admit(Context ctx) {
    authorize(ctx);
    String origin = ctx.header("Origin");
    String host = ctx.header("Host");
    if (origin != null && !config.corsOrigins().contains(origin) && !origin.equals("http://" + host)) {
      throw new ApiException(403, "invalid_request_error", null, "origin_not_allowed", "requests from " + origin
          + " are not allowed; the server's operator can add it to server.cors-origins");
    }
    if (loopback && (host == null || !host.matches("(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?"))) {
      throw new ApiException(403, "invalid_request_error", null, "host_not_allowed", "this server answers "
          + "only to localhost, 127.0.0.1 and [::1], not to host " + host);
    }
    long length = ctx.req().getContentLengthLong();
    if (length > config.maxUploadBytes()) {
      throw tooLarge();
    }
  }

  private void authorize(Context ctx) {
    if (apiKeyHash == null || "OPTIONS".equals(ctx.method().name())) {
      return;
    }
    String header = ctx.header("Authorization");
    String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
    if (!MessageDigest.isEqual(apiKeyHash, sha256(given))) {
      throw new ApiException(401, "invalid_request_error", null, "invalid_api_key", header == null
          ? "no API key given: send Authorization: Bearer KEY" : "the API key is not valid");
    }
  }

  private ApiException tooLarge() {
    return new ApiException(413, "invalid_request_error", "file", "request_too_large", "the request is larger than "
        + "the limit of " + config.maxUploadBytes() / (1 << 20) + " MB");
  }

  private void error(Exception e, Context ctx) {
    ApiException error = isTooLarge(e) ? tooLarge()
        : e instanceof HttpResponseException h ? new ApiException(h.getStatus(), "invalid_request_error", null, null,
            h.getMessage())
        : badMessage(e) ? ApiException.badRequest(null, "the request body is not valid multipart/form-data")
        : ApiException.of(e);
    if (ctx.res().isCommitted()) {
      LOG.debug("{} {} ended early: {}", ctx.method(), ctx.path(), e.toString());
      return; // the response had begun (or its client left); the client sees it cut short
    }
    if (error.status() >= 500) {
      LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.toString(), error.status() == 500 ? e : null);
    }
    error.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Long.toString(s)));
    ctx.status(error.status()).json(error.body());
  }

  /** Jetty's multipart parser refusing a body over the limit (sent without a length): "max length exceeded: N". */
  private static boolean isTooLarge(Throwable e) {
    if (!badMessage(e)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalStateException && t.getMessage() != null
          && t.getMessage().matches("max (length|file size|request size) exceeded.*")) {
        return true;
      }
    }
    return false;
  }

  /** Jetty refusing a malformed request body. */
  private static boolean badMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadMessageException) {
        return true;
      }
    }
    return false;
  }

  private void health(Context ctx) {
    SpeechService s = service.get();
    if (s == null) {
      ctx.status(loading.isCompletedExceptionally() ? 500 : 503).json(Map.of("status",
          loading.isCompletedExceptionally() ? "failed" : "loading"));
      return;
    }
    ctx.json(Map.of("status", "ok", "loaded", s.loaded().stream().map(m -> m.entry().toString()).toList()));
  }

  private SpeechService ready() {
    SpeechService s = service.get();
    if (s == null) {
      throw new ApiException(503, "server_error", null, "loading", "the server is still loading its models");
    }
    return s;
  }

  private List<LoadedModel> loaded() {
    SpeechService s = service.get();
    return s == null ? List.of() : s.loaded();
  }

  private static void page(Context ctx, String name, String type) throws IOException {
    try (InputStream in = SpeechServer.class.getResourceAsStream(name)) {
      ctx.contentType(type).result(in.readAllBytes());
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
