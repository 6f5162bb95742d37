package dev.speech4j.wyoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Wyoming client on a plain socket, written from {@code rhasspy/wyoming}'s event definitions and independent of
 * the server's framing code: a header line, then {@code data_length} bytes of JSON, then the payload.
 */
final class TestClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An event as received. */
  record Received(String type, JsonNode header, ObjectNode data, byte[] payload) {}

  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  TestClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(120_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Sends an event whose data is the JSON object {@code data} (may be null), with a payload (may be null). */
  TestClient send(String type, String data, byte[] payload) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] dataBytes = data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8);
    String header = "{\"type\": \"" + type + "\", \"version\": \"1.9.0\""
        + (dataBytes.length > 0 ? ", \"data_length\": " + dataBytes.length : "")
        + (payload != null ? ", \"payload_length\": " + payload.length : "") + "}\n";
    bytes.writeBytes(header.getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(dataBytes);
    if (payload != null) {
      bytes.writeBytes(payload);
    }
    out.write(bytes.toByteArray());
    out.flush();
    return this;
  }

  TestClient send(String type, String data) throws IOException {
    return send(type, data, null);
  }

  TestClient sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** The next event, or null when the server closed the connection. */
  Received read() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        return null;
      }
      line.write(b);
    }
    JsonNode header = JSON.readTree(line.toByteArray());
    ObjectNode data = header.has("data") ? (ObjectNode) header.get("data").deepCopy() : JSON.createObjectNode();
    int dataLength = header.path("data_length").asInt(0);
    if (dataLength > 0) {
      byte[] bytes = new byte[dataLength];
      in.readFully(bytes);
      data.setAll((ObjectNode) JSON.readTree(bytes));
    }
    byte[] payload = new byte[header.path("payload_length").asInt(0)];
    in.readFully(payload);
    return new Received(header.get("type").asText(), header, data, payload);
  }

  /** Events up to and including the first that {@code last} accepts. */
  List<Received> readUntil(Predicate<Received> last) throws IOException {
    List<Received> events = new ArrayList<>();
    while (true) {
      Received e = read();
      if (e == null) {
        throw new IOException("the server closed the connection after " + events.stream()
            .map(r -> r.type() + (r.type().equals("error") ? " " + r.data() : "")).toList());
      }
      events.add(e);
      if (last.test(e)) {
        return events;
      }
    }
  }

  List<Received> readUntil(String type) throws IOException {
    return readUntil(e -> e.type().equals(type));
  }

  /** The next event, which must be {@code type}. */
  Received expect(String type) throws IOException {
    Received e = read();
    if (e == null || !e.type().equals(type)) {
      throw new AssertionError("expected '" + type + "', got " + (e == null ? "the end" : e.type() + " " + e.data()));
    }
    return e;
  }

  static List<String> types(List<Received> events) {
    return events.stream().map(Received::type).toList();
  }

  InputStream rawInput() {
    return in;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
