package dev.speech4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@code text/event-stream} response of JSON events, each sent and flushed at once, as OpenAI streams them. Safe for
 * the handler and the heartbeat to send at once.
 */
final class ServerSentEvents implements AutoCloseable {
  private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "speech4j-sse-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  private final OutputStream out;
  private final ObjectMapper json;
  private ScheduledFuture<?> beating;

  private ServerSentEvents(OutputStream out, ObjectMapper json) {
    this.out = out;
    this.json = json;
  }

  /** Starts the stream: status 200, the event-stream headers and a comment, sent at once. */
  static ServerSentEvents start(Context ctx, ObjectMapper json) throws IOException {
    ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-cache");
    OutputStream out = ctx.res().getOutputStream();
    out.write(": speech4j\n\n".getBytes(StandardCharsets.UTF_8)); // a comment: the client sees the stream begin
    out.flush();
    return new ServerSentEvents(out, json);
  }

  /**
   * Sends {@code {"type": type, ...fields}} as one {@code data:} line.
   *
   * @throws UncheckedIOException if the client has gone away
   */
  synchronized void send(String type, Map<String, ?> fields) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", type);
    event.putAll(fields);
    byte[] line;
    try {
      line = ("data: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event, e);
    }
    write(line);
  }

  /**
   * Sends a comment every {@code period} while the stream is open (proxies then keep it open too); when one cannot be
   * sent, the client has gone and {@code onGone} runs.
   */
  synchronized void heartbeat(Duration period, Runnable onGone) {
    beating = HEARTBEATS.scheduleWithFixedDelay(() -> {
      try {
        synchronized (this) {
          write(HEARTBEAT);
        }
      } catch (UncheckedIOException e) {
        beating.cancel(false);
        onGone.run();
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the client closed the event stream", e);
    }
  }

  /** Stops the heartbeat; the response itself ends with the request. */
  @Override
  public synchronized void close() {
    if (beating != null) {
      beating.cancel(false);
    }
  }
}
