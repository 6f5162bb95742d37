package dev.speech4j.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * Interrupts the request's thread when its client goes away, so the engine stops decoding at its next step. An event
 * stream's heartbeat finds out ({@link ServerSentEvents#heartbeat}); a plain request's connection is polled
 * ({@link #watch}), since Jetty does not read a connection while its handler runs. Close it before the handler
 * returns: from then on the thread, which Jetty reuses, is never interrupted.
 */
final class Disconnects implements AutoCloseable {
  /** The one thread that polls connections and beats event streams' hearts. */
  static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "speech4j-disconnect-watch");
    t.setDaemon(true);
    return t;
  });

  private final Thread handler = Thread.currentThread();
  private final Context ctx;
  private boolean done;
  private ScheduledFuture<?> polling;
  private boolean pipelined;

  /** Made on the thread to interrupt, the request's own, once the request's body has been read. */
  Disconnects(Context ctx) {
    this.ctx = ctx;
  }

  /**
   * Polls the request's connection every {@code period} for the end of stream that a client leaves when it hangs up.
   * A byte that arrives instead is a pipelined request, which the poll has consumed and so lost: the response then
   * closes the connection, which tells the client that request was not served. Connections other than plain TCP are
   * not watched.
   */
  void watch(Duration period) {
    if (!(transport() instanceof SocketChannel channel) || channel.isBlocking()) {
      return;
    }
    ByteBuffer probe = ByteBuffer.allocate(1);
    synchronized (this) {
      polling = WATCHER.scheduleWithFixedDelay(() -> poll(channel, probe), period.toMillis(), period.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void poll(SocketChannel channel, ByteBuffer probe) {
    if (done) {
      return;
    }
    try {
      int read = channel.read(probe.clear());
      if (read < 0) {
        hangUp();
      } else if (read > 0) {
        pipelined = true;
        polling.cancel(false);
      }
    } catch (IOException reset) {
      hangUp();
    }
  }

  /** The client is gone: interrupts the handler unless it is done. */
  synchronized void hangUp() {
    if (!done) {
      done = true;
      if (polling != null) {
        polling.cancel(false);
      }
      handler.interrupt();
    }
  }

  private Object transport() {
    Request request = ServletContextRequest.getServletContextRequest(ctx.req());
    return request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint().getTransport();
  }

  @Override
  public void close() {
    synchronized (this) {
      done = true;
      if (polling != null) {
        polling.cancel(false);
      }
      if (pipelined) {
        ctx.header("Connection", "close");
      }
    }
    Thread.interrupted(); // an interrupt that came too late to matter must not reach the next request
  }
}
