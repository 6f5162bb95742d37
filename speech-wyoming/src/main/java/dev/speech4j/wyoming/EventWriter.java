package dev.speech4j.wyoming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes Wyoming events as the reference implementation does: the header line carries {@code type},
 * {@code version}, {@code data_length} and {@code payload_length}; the data follows as JSON, then the payload.
 * Thread-safe: events from several threads (VAD, decoding) never interleave.
 */
final class EventWriter {
  /** The protocol version whose events this server follows. */
  static final String VERSION = "1.8.0";

  private final OutputStream out;
  private final ObjectMapper json;

  EventWriter(OutputStream out, ObjectMapper json) {
    this.out = out;
    this.json = json;
  }

  synchronized void write(Event event) throws IOException {
    ObjectNode header = json.createObjectNode().put("type", event.type()).put("version", VERSION);
    byte[] data = event.data().isEmpty() ? new byte[0] : json.writeValueAsBytes(event.data());
    if (data.length > 0) {
      header.put("data_length", data.length);
    }
    if (event.payload().length > 0) {
      header.put("payload_length", event.payload().length);
    }
    out.write(json.writeValueAsBytes(header));
    out.write('\n');
    out.write(data);
    out.write(event.payload());
    out.flush();
  }

  /** {@link #write} for callbacks that cannot throw {@link IOException} (decoding, VAD). */
  void writeUnchecked(Event event) {
    try {
      write(event);
    } catch (IOException e) {
      throw new UncheckedIOException("the client is gone: " + e.getMessage(), e);
    }
  }
}
