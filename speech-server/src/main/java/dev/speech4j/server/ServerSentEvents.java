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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@code text/event-stream} response of JSON events, each sent and flushed at once, as OpenAI streams them. The
 * response begins with the first event or heartbeat, so a request refused at once (a full queue) still gets its own
 * status. Safe for the handler and the heartbeat to send at once.
 */
final class ServerSentEvents implements AutoCloseable {
  private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  private final Context ctx;
  private final ObjectMapper json;
  private final ReentrantLock lock = new ReentrantLock();
  private OutputStream out;
  private boolean closed;
  private ScheduledFuture<?> beating;

  ServerSentEvents(Context ctx, ObjectMapper json) {
    this.ctx = ctx;
    this.json = json;
  }

  /** Whether the response has begun; from then on a failure can only be sent as an event. */
  boolean started() {
    lock.lock();
    try {
      return out != null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends {@code {"type": type, ...fields}} as one {@code data:} line.
   *
   * @throws UncheckedIOException if the client has gone away
   */
  void send(String type, Map<String, ?> fields) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", type);
    event.putAll(fields);
    byte[] line;
    try {
      line = ("data: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event, e);
    }
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the event stream is closed");
      }
      write(line);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends a comment every {@code period} until closed (proxies then keep the stream open too); when one cannot be
   * sent, the client has gone and {@code onGone} runs. A beat due while an event is being sent is skipped.
   */
  void heartbeat(Duration period, Runnable onGone) {
    lock.lock();
    try {
      beating = Disconnects.WATCHER.scheduleWithFixedDelay(() -> beat(onGone), period.toMillis(), period.toMillis(),
          TimeUnit.MILLISECONDS);
    } finally {
      lock.unlock();
    }
  }

  private void beat(Runnable onGone) {
    if (!lock.tryLock()) {
      return;
    }
    try {
      if (!closed) {
        write(HEARTBEAT);
      }
    } catch (UncheckedIOException e) {
      closed = true;
      beating.cancel(false);
      onGone.run();
    } finally {
      lock.unlock();
    }
  }

  /** Writes under the lock, beginning the response first if it has not begun. */
  private void write(byte[] bytes) {
    try {
      if (out == null) {
        ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-cache");
        out = ctx.res().getOutputStream();
      }
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the client closed the event stream", e);
    }
  }

  /** Stops the heartbeat and further events; the response itself ends with the request. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      if (beating != null) {
        beating.cancel(false);
      }
    } finally {
      lock.unlock();
    }
  }
}
