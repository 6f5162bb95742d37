package dev.speech4j.wyoming;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One Wyoming event: a type, its data (the header's {@code data} merged with the extra {@code data_length} bytes),
 * and an optional binary payload (audio).
 */
record Event(String type, ObjectNode data, byte[] payload) {
  private static final byte[] NONE = new byte[0];

  Event {
    Objects.requireNonNull(type, "type");
    data = data == null ? JsonNodeFactory.instance.objectNode() : data;
    payload = payload == null ? NONE : payload;
  }

  /** An event without data or payload. */
  static Event of(String type) {
    return new Event(type, null, null);
  }

  /** An event whose data is filled in by the caller. */
  static Event of(String type, Consumer<ObjectNode> data) {
    return of(type, data, null);
  }

  /** An event whose data is filled in by the caller, with a payload (null for none). */
  static Event of(String type, Consumer<ObjectNode> data, byte[] payload) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    data.accept(node);
    return new Event(type, node, payload);
  }
}
