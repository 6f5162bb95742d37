package dev.speech4j.wyoming;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.speech4j.Speech;
import dev.speech4j.model.ModelStore;
import dev.speech4j.service.SpeechService;
import dev.speech4j.vad.VoiceActivityDetector;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Wyoming protocol server: what Home Assistant's and openHAB's local voice pipelines talk to, with speech-to-text,
 * text-to-speech and voice activity events from one process on one TCP port. Models are shared through a
 * {@link SpeechService}, so its limits, fallbacks and unloading apply.
 *
 * <pre>{@code
 * ServiceConfig stt = ServiceConfig.builder().add("whisper-cpp:base.en").preload(true).build();
 * try (WyomingServer server = WyomingServer.start(WyomingConfig.builder(stt)
 *     .voice(ModelEntry.parse("piper:en_US-lessac-medium")).vad("silero").build())) {
 *   ... // Home Assistant: Settings > Devices & services > Add integration > Wyoming Protocol, host and port
 * }
 * }</pre>
 *
 * <p>Each connection has a thread of its own; connections past {@link WyomingConfig#maxConnections()} get an
 * {@code error} event and are closed, as are connections idle past {@link WyomingConfig#idleTimeout()}. Close the
 * server to stop listening, end every connection and unload every model.
 */
public final class WyomingServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WyomingServer.class);

  private final WyomingConfig config;
  private final ObjectMapper json = new ObjectMapper();
  private final ServerSocket socket;
  private final SpeechService service;
  private final VoiceActivityDetector vad;
  private final Programs programs;
  private final Semaphore slots;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService connections = Executors.newCachedThreadPool(daemon("speech4j-wyoming-connection"));
  private final ExecutorService audioWorkers = Executors.newCachedThreadPool(daemon("speech4j-wyoming-audio"));
  private final Thread acceptor;

  private WyomingServer(WyomingConfig config, ServerSocket socket, SpeechService service,
      VoiceActivityDetector vad) {
    this.config = config;
    this.socket = socket;
    this.service = service;
    this.vad = vad;
    this.slots = new Semaphore(config.maxConnections());
    this.programs = new Programs(config.service().chain(), config.voices(), ModelStore.fromEnvironment(),
        config.streaming());
    this.acceptor = daemon("speech4j-wyoming-accept").newThread(this::accept);
  }

  /**
   * Listens on the configured address, starts the service (loading its chain now if it preloads) and the VAD.
   *
   * @throws UncheckedIOException if the address cannot be bound
   * @throws dev.speech4j.EngineUnavailableException if the VAD engine cannot load
   */
  public static WyomingServer start(WyomingConfig config) {
    ServerSocket socket;
    try {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on tcp://" + config.host() + ":" + config.port() + ": "
          + e.getMessage(), e);
    }
    SpeechService service = null;
    try {
      service = SpeechService.start(config.service());
      VoiceActivityDetector vad = config.vad().map(Speech::vad).orElse(null);
      WyomingServer server = new WyomingServer(config, socket, service, vad);
      server.acceptor.start();
      LOG.info("Wyoming server at {}", server.uri());
      return server;
    } catch (RuntimeException e) {
      closeQuietly(socket);
      if (service != null) {
        service.close();
      }
      throw e;
    }
  }

  /** The port it listens on. */
  public int port() {
    return socket.getLocalPort();
  }

  /** Its address as Wyoming programs write it, e.g. {@code tcp://127.0.0.1:10300}. */
  public URI uri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("tcp://" + host + ":" + port());
  }

  /** Connections being served now (each holds one of the {@link WyomingConfig#maxConnections()} slots). */
  public int connections() {
    return config.maxConnections() - slots.availablePermits();
  }

  /** Stops listening, ends every connection (waiting up to 10 s for requests to notice), unloads every model. */
  @Override
  public void close() {
    closeQuietly(socket);
    open.forEach(WyomingServer::closeQuietly);
    connections.shutdown();
    audioWorkers.shutdown();
    try {
      if (!connections.awaitTermination(10, TimeUnit.SECONDS)) {
        connections.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    audioWorkers.shutdownNow();
    service.close();
    if (vad != null) {
      vad.close();
    }
  }

  WyomingConfig config() {
    return config;
  }

  Programs programs() {
    return programs;
  }

  SpeechService service() {
    return service;
  }

  Optional<VoiceActivityDetector> vad() {
    return Optional.ofNullable(vad);
  }

  ExecutorService audioWorkers() {
    return audioWorkers;
  }

  private void accept() {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        if (!socket.isClosed()) {
          LOG.warn("accepting a connection failed: {}", e.toString());
          LockSupport.parkNanos(50_000_000); // out of file descriptors, say: not a busy loop
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        refuse(client);
        continue;
      }
      open.add(client);
      try {
        connections.execute(() -> serve(client));
      } catch (RuntimeException e) { // rejected: the server is closing
        open.remove(client);
        slots.release();
        closeQuietly(client);
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
      client.setTcpNoDelay(true);
      client.setKeepAlive(true);
      EventReader reader = new EventReader(new BufferedInputStream(client.getInputStream()), json,
          config.maxPayloadBytes());
      EventWriter writer = new EventWriter(new BufferedOutputStream(client.getOutputStream()), json);
      new Connection(this, reader, writer).serve();
    } catch (SocketException | UncheckedIOException e) {
      LOG.debug("connection from {} ended: {}", client.getRemoteSocketAddress(), e.toString());
    } catch (IOException | RuntimeException e) {
      LOG.warn("connection from {} failed: {}", client.getRemoteSocketAddress(), e.toString());
    } finally {
      open.remove(client);
      slots.release();
    }
  }

  private void refuse(Socket client) {
    try (client) {
      client.setSoTimeout(1000);
      new EventWriter(client.getOutputStream(), json).write(Event.of("error", d -> d.put("text",
          "the server is serving " + config.maxConnections() + " connections, its limit; try again shortly")
          .put("code", "busy")));
    } catch (IOException e) {
      LOG.debug("refusing a connection: {}", e.toString());
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
