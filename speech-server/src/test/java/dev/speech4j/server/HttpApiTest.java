package dev.speech4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.audio.WavEncoding;
import dev.speech4j.service.ServiceConfig;
import dev.speech4j.testing.FakeHub;
import dev.speech4j.testing.WhisperReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's own endpoints, extensions and errors, over plain HTTP as curl would send them. */
class HttpApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static Path model;
  static byte[] jfk;
  static SpeechServer server;

  @BeforeAll
  static void start() throws IOException {
    model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    jfk = Files.readAllBytes(WhisperReference.Clip.JFK.file());
    server = start(ServiceConfig.builder().add("whisper-cpp:" + model).preload(true).maxQueue(64), b -> b
        .maxUploadBytes(1 << 20).corsOrigins(List.of("http://app.example:3000")));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static SpeechServer start(ServiceConfig.Builder service, java.util.function.Consumer<ServerConfig.Builder> more) {
    ServerConfig.Builder b = ServerConfig.builder(service.build()).port(0);
    more.accept(b);
    return SpeechServer.start(b.build()).awaitReady();
  }

  /** A multipart/form-data body: {@code file} then text fields, as name/value pairs. */
  static HttpRequest.Builder multipart(URI uri, byte[] file, String... fields) {
    String boundary = "b" + Long.toHexString(new Random().nextLong());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (file != null) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(file);
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < fields.length; i += 2) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
          + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(uri).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(BodyPublishers.ofByteArray(body.toByteArray()));
  }

  static URI at(SpeechServer s, String path) {
    return URI.create(s.uri() + path);
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofMinutes(2)).build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The status, and that the body is OpenAI's error shape with a message. */
  static JsonNode error(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("type").asText()).isNotBlank();
    assertThat(error.has("param")).isTrue();
    assertThat(error.has("code")).isTrue();
    return error;
  }

  /** Waits until {@code condition} holds, up to {@code timeout}. */
  static void eventually(Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not so within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  private static URI transcriptions() {
    return at(server, "/v1/audio/transcriptions");
  }

  @Test
  void badUploadsAre400AndNeverCrashTheServer() throws IOException {
    assertThat(error(send(multipart(transcriptions(), null, "model", "whisper-1")), 400).get("param").asText())
        .isEqualTo("file");
    assertThat(error(send(multipart(transcriptions(), new byte[0])), 400).get("param").asText()).isEqualTo("file");
    byte[] noise = new byte[20_000];
    new Random().nextBytes(noise);
    assertThat(error(send(multipart(transcriptions(), noise)), 400).get("code").asText()).contains("audio");
    byte[] truncated = Arrays.copyOf(jfk, 30);
    error(send(multipart(transcriptions(), truncated)), 400);
    error(send(HttpRequest.newBuilder(transcriptions()).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{}"))), 400);
    error(send(HttpRequest.newBuilder(transcriptions()).header("Content-Type", "multipart/form-data; boundary=x")
        .POST(BodyPublishers.ofString("--x\r\nbroken"))), 400);
    error(send(multipart(transcriptions(), jfk, "response_format", "yaml")), 400);
    error(send(multipart(transcriptions(), jfk, "temperature", "7")), 400);
    error(send(multipart(transcriptions(), jfk, "beam_size", "100000")), 400);
    error(send(multipart(transcriptions(), jfk, "beam_size", "1.5")), 400);
    error(send(multipart(transcriptions(), jfk, "vad_filter", "maybe")), 400);
    error(send(multipart(transcriptions(), jfk, "timestamp_granularities[]", "sentence")), 400);
    error(send(multipart(transcriptions(), jfk, "language", "xx-not-a-language")), 400);
    error(send(HttpRequest.newBuilder(at(server, "/v1/nothing")).GET()), 404);
    assertThat(send(HttpRequest.newBuilder(at(server, "/health")).GET()).statusCode()).isEqualTo(200);
  }

  /**
   * faster-whisper's extensions are accepted and reach the decoder: without_timestamps gives one segment per 30 s
   * window. (On random weights, what vad_filter, hotwords and beam_size change in the text cannot be predicted; their
   * bad values are checked in badUploadsAre400AndNeverCrashTheServer.)
   */
  @Test
  void theExtensionsAreHonoured() throws IOException {
    JsonNode plain = JSON.readTree(send(multipart(transcriptions(), jfk, "response_format", "verbose_json")).body());
    for (String[] field : new String[][] {{"vad_filter", "true"}, {"without_timestamps", "true"}, {"beam_size", "2"},
        {"hotwords", "Kennedy Americans"}}) {
      HttpResponse<String> r = send(multipart(transcriptions(), jfk, "response_format", "verbose_json", field[0],
          field[1]));
      assertThat(r.statusCode()).as(field[0] + ": " + r.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("duration").asDouble()).isEqualTo(plain.get("duration").asDouble());
      if (field[0].equals("without_timestamps")) {
        assertThat(body.get("segments")).hasSize(1); // one segment per 30 s window
      }
    }
  }

  @Test
  void anOversizedUploadIs413BeforeItIsRead() throws IOException {
    byte[] big = new byte[3 << 20];
    System.arraycopy(jfk, 0, big, 0, jfk.length);
    error(send(multipart(transcriptions(), big)), 413);
    // without a Content-Length, the multipart parser stops at the limit
    HttpRequest.Builder chunked = multipart(transcriptions(), big);
    HttpRequest built = chunked.build();
    byte[] body = collect(built);
    error(send(HttpRequest.newBuilder(transcriptions()).header("Content-Type", built.headers()
        .firstValue("Content-Type").orElseThrow()).POST(BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(body)))), 413);
    assertThat(send(HttpRequest.newBuilder(at(server, "/health")).GET()).statusCode()).isEqualTo(200);
  }

  private static byte[] collect(HttpRequest request) {
    var subscriber = HttpResponse.BodySubscribers.ofByteArray();
    request.bodyPublisher().orElseThrow().subscribe(new java.util.concurrent.Flow.Subscriber<>() {
      @Override
      public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
        subscriber.onSubscribe(s);
      }

      @Override
      public void onNext(java.nio.ByteBuffer item) {
        subscriber.onNext(List.of(item));
      }

      @Override
      public void onError(Throwable t) {
        subscriber.onError(t);
      }

      @Override
      public void onComplete() {
        subscriber.onComplete();
      }
    });
    return subscriber.getBody().toCompletableFuture().join();
  }

  @Test
  void hostileModelIdsNeverReachTheFileSystem() throws Exception {
    for (String id : List.of("../../../../etc/passwd", "/etc/passwd", "whisper-cpp:/etc/passwd",
        "whisper-cpp:../../../etc/passwd", "whisper-cpp:..%2f..%2fetc%2fpasswd", "whisper-cpp:C:\\Windows\\x",
        "whisper-cpp:" + model.getParent(), "no-such-engine:tiny.en", "whisper-cpp:hf://a/b/../../c.bin",
        "piper:../../x.onnx", "whisper-cpp:a\u0000b", "whisper-cpp:pom.xml", "whisper-cpp:src",
        "whisper-cpp:model.bin")) {
      HttpResponse<String> r = send(multipart(transcriptions(), jfk, "model", id));
      assertThat(r.statusCode()).as(id + " -> " + r.body()).isIn(400, 404);
      error(r, r.statusCode());
    }
    for (String path : List.of("..%2F..%2Fetc%2Fpasswd", "whisper-cpp:..%2F..%2Fx", "%2e%2e", "whisper-cpp:%00")) {
      // Jetty closes the connection after a request it cannot parse: each call gets a client of its own
      HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(at(server, "/v1/models/"
          + path)).GET().build(), BodyHandlers.ofString());
      error(get, get.statusCode());
      assertThat(get.statusCode()).as(path).isIn(400, 404);
      HttpResponse<String> delete = HttpClient.newHttpClient().send(HttpRequest.newBuilder(at(server, "/v1/models/"
          + path)).DELETE().build(), BodyHandlers.ofString());
      assertThat(delete.statusCode()).as(path + " -> " + delete.body()).isIn(400, 404);
    }
    assertThat(Files.exists(model)).isTrue();
  }

  @Test
  void speechInEveryFormatAndAsEvents() throws IOException, InterruptedException {
    for (String[] format : new String[][] {{"mp3", "ID3"}, {"flac", "fLaC"}, {"opus", "OggS"}, {"wav", "RIFF"}}) {
      HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(at(server, "/v1/audio/speech"))
          .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":"
              + "\"Hello there. How are you?\",\"voice\":\"alloy\",\"response_format\":\"" + format[0] + "\"}"))
          .build(), BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(format[0]).isEqualTo(200);
      byte[] body = r.body();
      boolean mp3Frame = (body[0] & 0xFF) == 0xFF && (body[1] & 0xE0) == 0xE0;
      assertThat(new String(body, 0, format[1].length(), StandardCharsets.ISO_8859_1).equals(format[1])
          || format[0].equals("mp3") && mp3Frame).as(format[0]).isTrue();
      assertThat(body.length).isGreaterThan(1000);
    }
    HttpResponse<String> events = send(HttpRequest.newBuilder(at(server, "/v1/audio/speech"))
        .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":"
            + "\"One. Two. Three.\",\"voice\":\"espeak:en-us\",\"response_format\":\"pcm\",\"stream_format\":\"sse\"}")));
    assertThat(events.statusCode()).isEqualTo(200);
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : events.body().split("\n")) {
      if (line.startsWith("data: ")) {
        parsed.add(JSON.readTree(line.substring(6)));
      }
    }
    assertThat(parsed).hasSizeGreaterThanOrEqualTo(4);
    assertThat(parsed.get(parsed.size() - 1).get("type").asText()).isEqualTo("speech.audio.done");
    long bytes = parsed.stream().filter(e -> e.get("type").asText().equals("speech.audio.delta"))
        .mapToLong(e -> java.util.Base64.getDecoder().decode(e.get("audio").asText()).length).sum();
    assertThat(bytes / 2 / 24_000.0).isGreaterThan(0.5);
    String speech = "/v1/audio/speech";
    error(send(json(speech, "{\"input\":\"hi\",\"response_format\":\"ogg-vorbis\"}")), 400);
    error(send(json(speech, "{\"input\":\"\"}")), 400);
    error(send(json(speech, "{\"input\":\"" + "a".repeat(5000) + "\"}")), 400);
    error(send(json(speech, "{\"input\":\"hi\",\"speed\":40}")), 400);
    error(send(json(speech, "not json")), 400);
    error(send(json(speech, "{\"input\":\"hi\",\"voice\":\"piper:no-such-voice\"}")), 404);
  }

  /** Without ffmpeg, the formats it makes are a clear 400, and OpenAI's default format falls back to wav. */
  @Test
  void withoutFfmpegMp3IsRefusedAndTheDefaultIsWav() throws Exception {
    String previous = System.setProperty("speech4j.ffmpeg", "/nonexistent/ffmpeg");
    try {
      JsonNode refused = error(send(json("/v1/audio/speech", "{\"input\":\"Hello.\",\"response_format\":\"mp3\"}")),
          400);
      assertThat(refused.get("message").asText()).contains("ffmpeg");
      HttpResponse<byte[]> wav = HTTP.send(json("/v1/audio/speech", "{\"input\":\"Hello.\"}").build(),
          BodyHandlers.ofByteArray());
      assertThat(wav.statusCode()).isEqualTo(200);
      assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    } finally {
      if (previous == null) {
        System.clearProperty("speech4j.ffmpeg");
      } else {
        System.setProperty("speech4j.ffmpeg", previous);
      }
    }
  }

  private static HttpRequest.Builder json(String path, String body) {
    return HttpRequest.newBuilder(at(server, path)).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body));
  }

  @Test
  void vadFindsTheSpeechOfAnUpload() throws IOException {
    HttpResponse<String> r = send(multipart(at(server, "/v1/audio/vad"), jfk, "engine", "energy"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("duration").asDouble()).isBetween(10.9, 11.1);
    assertThat(body.get("segments")).isNotEmpty();
    for (JsonNode s : body.get("segments")) {
      assertThat(s.get("end").asDouble()).isGreaterThan(s.get("start").asDouble()).isLessThanOrEqualTo(11.1);
    }
    error(send(multipart(at(server, "/v1/audio/vad"), jfk, "engine", "no-such-vad")), 400);
  }

  @Test
  void corsAnswersOnlyTheAllowedOrigin() {
    HttpResponse<String> allowed = send(HttpRequest.newBuilder(at(server, "/v1/models"))
        .header("Origin", "http://app.example:3000").header("Access-Control-Request-Method", "POST")
        .method("OPTIONS", BodyPublishers.noBody()));
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("http://app.example:3000");
    HttpResponse<String> other = send(HttpRequest.newBuilder(at(server, "/v1/models"))
        .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
        .method("OPTIONS", BodyPublishers.noBody()));
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  /** Another web page cannot drive the server, nor can a DNS name rebound to this machine. */
  @Test
  void otherOriginsAndHostsAreRefused() throws Exception {
    HttpResponse<String> crossSite = send(multipart(transcriptions(), jfk).header("Origin", "http://evil.example"));
    assertThat(error(crossSite, 403).get("code").asText()).isEqualTo("origin_not_allowed");
    assertThat(send(multipart(transcriptions(), jfk).header("Origin", "http://app.example:3000")).statusCode())
        .isEqualTo(200);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: rebound.evil.example:" + server.port()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 403").contains("host_not_allowed");
    }
  }

  @Test
  void metricsAreInPrometheusText() {
    send(multipart(transcriptions(), jfk));
    HttpResponse<String> r = send(HttpRequest.newBuilder(at(server, "/metrics")).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("speech4j_transcriptions_total{").contains("outcome=\"success\"")
        .contains("speech4j_transcription_seconds_bucket");
  }

  @Test
  void fiftyConcurrentClientsAllSucceed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<Long>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(pool.submit(() -> {
          long start = System.nanoTime();
          HttpResponse<String> r = send(multipart(transcriptions(), jfk, "response_format", "text"));
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          return System.nanoTime() - start;
        }));
      }
      List<Long> took = new ArrayList<>();
      for (Future<Long> call : calls) {
        took.add(call.get());
      }
      Collections.sort(took);
      System.out.printf("50 concurrent transcriptions of jfk.wav (micro-en): p50 %.0f ms, p99 %.0f ms%n",
          took.get(24) / 1e6, took.get(49) / 1e6);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFullQueueIs429WithRetryAfter() throws Exception {
    try (SpeechServer busy = start(ServiceConfig.builder().add("whisper-cpp:" + model).preload(true)
        .maxConcurrency(1).maxQueue(0), b -> { })) {
      SpeechAudio audio = Audio.read(WhisperReference.Clip.JFK.file());
      ByteArrayOutputStream longer = new ByteArrayOutputStream();
      Audio.write(SpeechAudio.concat(List.of(audio, audio, audio), 16000), longer, WavEncoding.PCM_16);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          String stream = Boolean.toString(i % 2 == 0); // a stream refused at once gets 429 too, not an event
          calls.add(pool.submit(() -> send(multipart(at(busy, "/v1/audio/transcriptions"), longer.toByteArray(),
              "stream", stream))));
        }
        int refused = 0;
        for (Future<HttpResponse<String>> call : calls) {
          HttpResponse<String> r = call.get();
          if (r.statusCode() == 429) {
            refused++;
            error(r, 429);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
          } else {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          }
        }
        assertThat(refused).isPositive();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * A client that hangs up stops the decoding, whether it asked for an event stream (it hangs up once the stream
   * began) or a plain reply (it hangs up as soon as the upload is sent); the server serves on.
   */
  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {true, false})
  void aClientThatGoesAwayCancelsItsWork(boolean stream) throws Exception {
    SpeechAudio audio = Audio.read(WhisperReference.Clip.JFK.file());
    ByteArrayOutputStream wav = new ByteArrayOutputStream();
    Audio.write(SpeechAudio.concat(java.util.Collections.nCopies(30, audio), 16000), wav, WavEncoding.PCM_16);
    try (SpeechServer s = start(ServiceConfig.builder().add("whisper-cpp:" + tinyModel()).preload(true), b -> b
        .maxUploadBytes(64 << 20))) {
      HttpRequest request = multipart(at(s, "/v1/audio/transcriptions"), wav.toByteArray(), "stream",
          String.valueOf(stream)).build();
      byte[] body = collect(request);
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.port())) {
        var out = socket.getOutputStream();
        out.write(("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            + request.headers().firstValue("Content-Type").orElseThrow() + "\r\nContent-Length: " + body.length
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        if (stream) {
          assertThat(socket.getInputStream().read()).isNotNegative(); // the stream began; now hang up
        }
      }
      eventually(Duration.ofSeconds(30), () -> cancelled(s) >= 1);
      assertThat(send(multipart(at(s, "/v1/audio/transcriptions"), jfk)).statusCode()).isEqualTo(200);
    }
  }

  /** A stop lets the request in flight finish, then refuses new connections. */
  @Test
  void aStopFinishesTheRequestsInFlight() throws Exception {
    SpeechAudio audio = Audio.read(WhisperReference.Clip.JFK.file());
    ByteArrayOutputStream wav = new ByteArrayOutputStream();
    Audio.write(SpeechAudio.concat(java.util.Collections.nCopies(8, audio), 16000), wav, WavEncoding.PCM_16);
    SpeechServer s = start(ServiceConfig.builder().add("whisper-cpp:" + model).preload(true), b -> { });
    var inFlight = HTTP.sendAsync(multipart(at(s, "/v1/audio/transcriptions"), wav.toByteArray()).build(),
        BodyHandlers.ofString());
    URI health = at(s, "/health");
    Thread.sleep(300);
    s.close();
    assertThat(inFlight).as("the stop waited for the request").isDone();
    HttpResponse<String> finished = inFlight.get();
    assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
    assertThat(JSON.readTree(finished.body()).get("text").asText()).isNotBlank();
    assertThat(catchIo(() -> send(HttpRequest.newBuilder(health).GET()))).as("refused after the stop").isTrue();
  }

  private static boolean catchIo(Runnable call) {
    try {
      call.run();
      return false;
    } catch (java.io.UncheckedIOException e) {
      return true;
    }
  }

  /** The tiny-en test model: slow enough on 330 s of audio that a client can leave before it finishes. */
  private static Path tinyModel() {
    return WhisperReference.testModels().resolve("tiny-en/ggml-model.bin");
  }

  private static double cancelled(SpeechServer s) {
    String metrics = send(HttpRequest.newBuilder(at(s, "/metrics")).GET()).body();
    return metrics.lines().filter(l -> l.startsWith("speech4j_transcriptions_total{")
        && l.contains("outcome=\"cancelled\"")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ')
            + 1))).sum();
  }

  @Test
  void modelsDownloadWithProgressAndAreRemoved(@TempDir Path cache) throws Exception {
    try (FakeHub hub = FakeHub.start(); FakeHub.Defaults defaults = hub.asDefault(cache)) {
      hub.put("ggerganov/whisper.cpp", "ggml-tiny.en.bin", Files.readAllBytes(model), true);
      try (SpeechServer s = start(ServiceConfig.builder().add("whisper-cpp:" + model), b -> { })) {
        HttpResponse<String> missing = send(multipart(at(s, "/v1/audio/transcriptions"), jfk, "model",
            "whisper-cpp:tiny.en"));
        assertThat(error(missing, 404).get("message").asText()).contains("POST /v1/models/whisper-cpp:tiny.en");
        HttpResponse<String> pulled = send(HttpRequest.newBuilder(at(s, "/v1/models/whisper-cpp:tiny.en"))
            .POST(BodyPublishers.noBody()));
        List<String> lines = pulled.body().lines().toList();
        assertThat(lines.get(0)).contains("\"downloading\"");
        assertThat(lines.get(lines.size() - 1)).contains("\"done\"");
        HttpResponse<String> listed = send(HttpRequest.newBuilder(at(s, "/v1/models")).GET());
        assertThat(listed.body()).contains("\"whisper-cpp:tiny.en\"");
        HttpResponse<String> used = send(multipart(at(s, "/v1/audio/transcriptions"), jfk, "model",
            "whisper-cpp:tiny.en"));
        assertThat(used.statusCode()).as(used.body()).isEqualTo(200);
        assertThat(used.headers().firstValue("X-Speech4j-Model")).contains("whisper-cpp:tiny.en");
        HttpResponse<String> removed = send(HttpRequest.newBuilder(at(s, "/v1/models/whisper-cpp:tiny.en")).DELETE());
        assertThat(JSON.readTree(removed.body()).get("deleted").asBoolean()).isTrue();
        assertThat(send(HttpRequest.newBuilder(at(s, "/v1/models")).GET()).body())
            .doesNotContain("\"whisper-cpp:tiny.en\"");
      }
    }
  }

  @Test
  void uploadsLeaveNoTemporaryFiles() throws IOException {
    SpeechAudio audio = Audio.read(WhisperReference.Clip.JFK.file());
    ByteArrayOutputStream wav = new ByteArrayOutputStream();
    Audio.write(audio.slice(0, 16000 * 10).resample(44100), wav, WavEncoding.PCM_16);
    assertThat(wav.size()).isGreaterThan(1 << 19);
    try (SpeechServer s = start(ServiceConfig.builder().add("whisper-cpp:" + model), b -> { })) {
      assertThat(send(multipart(at(s, "/v1/audio/vad"), wav.toByteArray())).statusCode()).isEqualTo(200);
      try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
        for (Path dir : dirs.filter(p -> p.getFileName().toString().startsWith("speech4j-uploads-")).toList()) {
          try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).as(dir.toString()).isEmpty();
          }
        }
      }
    }
  }

}
