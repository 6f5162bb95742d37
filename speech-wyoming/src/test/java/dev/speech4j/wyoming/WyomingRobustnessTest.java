package dev.speech4j.wyoming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.ServiceConfig;
import dev.speech4j.testing.WhisperReference;
import dev.speech4j.wyoming.TestClient.Received;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad clients never take the server down: each bad input gets an {@code error} event, and the server goes on
 * serving. Limits are small here (4 connections, 1 s idle, 4 KiB payloads, 2 s of audio) so they are reached.
 */
class WyomingRobustnessTest {
  static WyomingServer server;

  @BeforeAll
  static void start() {
    Path model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    server = WyomingServer.start(WyomingConfig.builder(ServiceConfig.builder().add("whisper-cpp:" + model)
        .preload(true).build()).uri("tcp://127.0.0.1:0").voice(ModelEntry.parse("espeak:en-us"))
        .maxConnections(4).idleTimeout(Duration.ofSeconds(1)).maxPayloadBytes(4096).maxAudioSeconds(2).build());
  }

  @AfterAll
  static void stop() {
    server.close();
    assertThat(server.connections()).isZero();
  }

  @Test
  void aMalformedHeaderGetsAnErrorAndTheConnectionCloses() throws IOException, InterruptedException {
    try (TestClient client = new TestClient(server.port())) {
      client.sendRaw("{\"type\": \"describe\"\n".getBytes(StandardCharsets.UTF_8));
      assertThat(client.expect("error").data().get("code").asText()).isEqualTo("bad-event");
      assertThat(client.read()).isNull();
    }
    assertStillServes();
  }

  @Test
  void anOversizedPayloadIsRefusedBeforeItIsRead() throws IOException, InterruptedException {
    try (TestClient client = new TestClient(server.port())) {
      client.sendRaw("{\"type\": \"audio-chunk\", \"payload_length\": 2147483647}\n".getBytes(StandardCharsets.UTF_8));
      Received error = client.expect("error");
      assertThat(error.data().get("code").asText()).isEqualTo("too-large");
      assertThat(error.data().get("text").asText()).contains("4096");
      assertThat(client.read()).isNull();
    }
    assertStillServes();
  }

  /** Requests that fail get an error each, and the same connection goes on. */
  @Test
  void badRequestsGetErrorsAndTheConnectionGoesOn() throws IOException {
    try (TestClient client = new TestClient(server.port())) {
      assertError(client.send("audio-start", "{\"rate\": 0, \"width\": 2, \"channels\": 1}"), "invalid-request");
      assertError(client.send("audio-start", "{\"rate\": 16000, \"width\": 9, \"channels\": 1}"), "invalid-request");
      assertError(client.send("audio-start", "{\"rate\": \"fast\", \"width\": 2, \"channels\": 1}"),
          "invalid-request");
      client.send("audio-start", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}");
      assertError(client.send("audio-chunk", "{\"rate\": 8000, \"width\": 2, \"channels\": 1}", new byte[64]),
          "invalid-request");
      client.send("transcribe", "{\"name\": \"whisper-cpp:../../etc/passwd\"}");
      client.send("audio-start", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}");
      client.send("audio-chunk", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}", new byte[3200]);
      assertError(client.send("audio-stop", null), "model-not-found");
      client.send("audio-start", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}");
      client.send("audio-chunk", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}", new byte[3]);
      assertError(client.send("audio-stop", null), "invalid-audio"); // a stray byte: half a sample
      assertError(client.send("synthesize", "{\"text\": \"hi\", \"voice\": {\"name\": \"piper:nope\"}}"),
          "model-not-found");
      assertError(client.send("synthesize", "{\"text\": \"hi\", \"voice\": {\"language\": \"xx\"}}"),
          "model-not-found");
      assertError(client.send("synthesize", "{\"voice\": {}}"), "invalid-request");
      assertError(client.send("synthesize-chunk", "{\"text\": \"no start\"}"), "invalid-request");
      client.send("run-satellite", "{}"); // unknown events are ignored, as the reference server does
      client.send("ping", null).expect("pong");
    }
  }

  @Test
  void audioPastTheLimitIsRefusedAndTheRestIsDropped() throws IOException {
    try (TestClient client = new TestClient(server.port())) {
      client.send("transcribe", null);
      client.send("audio-start", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}");
      byte[] chunk = new byte[4000];
      List<Received> errors = new ArrayList<>();
      for (int i = 0; i < 40; i++) { // 5 s of audio, 2 s allowed
        client.send("audio-chunk", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}", chunk);
      }
      client.send("audio-stop", null).send("ping", null);
      errors.addAll(client.readUntil("pong"));
      assertThat(errors).extracting(Received::type).contains("error").doesNotContain("transcript");
      assertThat(errors.get(0).data().get("text").asText()).contains("2 s");
    }
  }

  @Test
  void anEmptyStreamGivesAnEmptyTranscriptWithoutDecoding() throws IOException {
    try (TestClient client = new TestClient(server.port())) {
      client.send("transcribe", null).send("audio-start", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}");
      List<Received> events = client.send("audio-stop", null).readUntil("transcript-stop");
      assertThat(events).extracting(Received::type).containsExactly("transcript-start", "transcript",
          "transcript-stop");
      assertThat(events.get(1).data().get("text").asText()).isEmpty();
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws IOException {
    try (TestClient client = new TestClient(server.port())) {
      assertThat(client.expect("error").data().get("code").asText()).isEqualTo("idle-timeout");
      assertThat(client.read()).isNull();
    }
  }

  /** Clients that leave mid-stream (reset, or closed mid-event) free their connection; others are served. */
  @Test
  void clientsThatVanishMidStreamFreeTheirConnection() throws Exception {
    for (int i = 0; i < 6; i++) {
      awaitNoConnections(); // an earlier client may still hold a slot
      TestClient client = new TestClient(server.port());
      client.send("ping", null).expect("pong"); // accepted: it holds a slot now
      client.send("transcribe", null).send("audio-start", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}");
      client.send("audio-chunk", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}", new byte[2000]);
      if (i % 2 == 0) {
        client.socket.setSoLinger(true, 0); // a reset, as a crashed client sends
      } else {
        client.sendRaw("{\"type\": \"audio-chunk\", \"payload_length\": 1000}\n1234".getBytes(StandardCharsets.UTF_8));
      }
      client.close();
    }
    awaitNoConnections();
    assertStillServes();
  }

  /** Past the connection limit a client is told the server is busy; the connections held go on. */
  @Test
  void connectionsPastTheLimitAreToldTheServerIsBusy() throws Exception {
    awaitNoConnections();
    List<TestClient> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        TestClient c = new TestClient(server.port());
        c.send("ping", null).expect("pong");
        held.add(c);
      }
      try (TestClient extra = new TestClient(server.port())) {
        assertThat(extra.expect("error").data().get("code").asText()).isEqualTo("busy");
        assertThat(extra.read()).isNull();
      }
      held.get(0).send("ping", null).expect("pong");
    } finally {
      for (TestClient c : held) {
        c.close();
      }
    }
    awaitNoConnections();
    assertStillServes();
  }

  /** A hundred clients at once against a server that takes four: each is served or told to retry, none hangs. */
  @Test
  void aHundredSimultaneousClientsNeverTakeItDown() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      List<Callable<String>> clients = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        clients.add(() -> {
          try (TestClient c = new TestClient(server.port())) {
            return c.send("describe", null).read().type();
          }
        });
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : pool.invokeAll(clients)) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).containsOnly("info", "error").contains("info");
    } finally {
      pool.shutdownNow();
    }
    assertStillServes();
  }

  private static void assertError(TestClient client, String code) throws IOException {
    Received e = client.expect("error");
    assertThat(e.data().get("code").asText()).as(e.data().toString()).isEqualTo(code);
    assertThat(e.data().get("text").asText()).isNotBlank();
  }

  private static void awaitNoConnections() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.connections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.connections()).as("connections still open").isZero();
  }

  /**
   * A new client is served. Connections a test just dropped may not have been accepted yet, so a client told the
   * server is busy retries for a while, as a real client would.
   */
  private static void assertStillServes() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (TestClient client = new TestClient(server.port())) {
        Received reply = client.send("describe", null).read();
        boolean busy = reply.type().equals("error") && reply.data().get("code").asText().equals("busy");
        if (!busy || System.nanoTime() > deadline) {
          assertThat(reply.type()).as(String.valueOf(reply.data())).isEqualTo("info");
          return;
        }
      }
      Thread.sleep(50);
    }
  }
}
