package dev.speech4j.wyoming;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Wyoming events: a JSON header line ({@code type}, {@code data}, {@code data_length},
 * {@code payload_length}, {@code version}), then {@code data_length} bytes of JSON merged into the data, then
 * {@code payload_length} bytes of payload. Every length is bounded before anything is allocated for it.
 */
final class EventReader {
  /** Longest header line. */
  static final int MAX_HEADER = 64 * 1024;
  /** Most bytes of extra data (a {@code synthesize} text, an {@code info}). */
  static final int MAX_DATA = 1024 * 1024;

  private final InputStream in;
  private final ObjectMapper json;
  private final int maxPayload;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  EventReader(InputStream in, ObjectMapper json, int maxPayload) {
    this.in = in;
    this.json = json;
    this.maxPayload = maxPayload;
  }

  /**
   * The next event, or null if the stream ended cleanly between events.
   *
   * @throws ProtocolException if the bytes are not a Wyoming event or a length is over its bound
   * @throws EOFException if the stream ends inside an event
   */
  Event read() throws IOException {
    if (!readLine()) {
      return null;
    }
    JsonNode header;
    try {
      header = json.readTree(line.toByteArray());
    } catch (JacksonException e) {
      throw new ProtocolException("bad-event", "the header line is not JSON: " + e.getOriginalMessage());
    }
    if (header == null || !header.isObject() || !header.path("type").isTextual()) {
      throw new ProtocolException("bad-event", "the header line must be a JSON object with a text \"type\"");
    }
    JsonNode headerData = header.get("data");
    if (headerData != null && !headerData.isNull() && !headerData.isObject()) {
      throw new ProtocolException("bad-event", "\"data\" must be a JSON object");
    }
    ObjectNode data = headerData instanceof ObjectNode o ? o : json.createObjectNode();
    int dataLength = length(header, "data_length", MAX_DATA);
    if (dataLength > 0) {
      JsonNode extra;
      try {
        extra = json.readTree(readExactly(dataLength));
      } catch (JacksonException e) {
        throw new ProtocolException("bad-event", "the event's data is not JSON: " + e.getOriginalMessage());
      }
      if (!(extra instanceof ObjectNode o)) {
        throw new ProtocolException("bad-event", "the event's data must be a JSON object");
      }
      data.setAll(o);
    }
    int payloadLength = length(header, "payload_length", maxPayload);
    byte[] payload = payloadLength > 0 ? readExactly(payloadLength) : null;
    return new Event(header.get("type").asText(), data, payload);
  }

  private boolean readLine() throws IOException {
    line.reset();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0) {
          return false;
        }
        throw new EOFException("the stream ended inside a header line");
      }
      if (b == '\n') {
        if (line.size() == 0) {
          continue; // tolerate blank lines between events
        }
        return true;
      }
      if (line.size() >= MAX_HEADER) {
        throw new ProtocolException("too-large", "a header line is longer than " + MAX_HEADER + " bytes");
      }
      line.write(b);
    }
  }

  private static int length(JsonNode header, String field, int max) throws ProtocolException {
    JsonNode node = header.get(field);
    if (node == null || node.isNull()) {
      return 0;
    }
    if (!node.canConvertToExactIntegral() || node.asLong() < 0) {
      throw new ProtocolException("bad-event", "\"" + field + "\" must be a non-negative integer, not " + node);
    }
    if (node.asLong() > max) {
      throw new ProtocolException("too-large", "\"" + field + "\" is " + node.asLong() + " bytes; at most " + max
          + " are accepted");
    }
    return node.asInt();
  }

  private byte[] readExactly(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("the stream ended after " + bytes.length + " of " + n + " announced bytes");
    }
    return bytes;
  }
}
