package dev.speech4j.server;

/**
 * Interrupts the request's thread when its client goes away, so the engine stops decoding at its next step; an event
 * stream's heartbeat finds out ({@link ServerSentEvents#heartbeat}). Close it before the handler returns: from then
 * on the thread, which Jetty reuses, is never interrupted.
 */
final class Disconnects implements AutoCloseable {
  private final Thread handler = Thread.currentThread();
  private boolean done;

  /** Made on the thread to interrupt: the request's own. */
  Disconnects() {}

  /** The client is gone: interrupts the handler unless it is done. */
  synchronized void hangUp() {
    if (!done) {
      handler.interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      done = true;
    }
    Thread.interrupted(); // an interrupt that came too late to matter must not reach the next request
  }
}
