package dev.speech4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A {@code text/event-stream} response of JSON events, each sent and flushed at once, as OpenAI streams them. */
final class ServerSentEvents {
  private final OutputStream out;
  private final ObjectMapper json;

  private ServerSentEvents(OutputStream out, ObjectMapper json) {
    this.out = out;
    this.json = json;
  }

  /** Starts the stream: status 200 and the event-stream headers. */
  static ServerSentEvents start(Context ctx, ObjectMapper json) throws IOException {
    ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-cache");
    return new ServerSentEvents(ctx.res().getOutputStream(), json);
  }

  /**
   * Sends {@code event} as one {@code data:} line.
   *
   * @throws UncheckedIOException if the client has gone away
   */
  void send(Map<String, ?> event) {
    byte[] line;
    try {
      line = ("data: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event, e);
    }
    try {
      out.write(line);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the client closed the event stream", e);
    }
  }
}
