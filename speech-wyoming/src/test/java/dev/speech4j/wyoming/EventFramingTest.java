package dev.speech4j.wyoming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The framing against byte streams that the reference implementation wrote. {@code reference-events.bin} was
 * recorded with {@code rhasspy/wyoming}'s own {@code write_event} (OHF-Voice/wyoming at 22f8dea, protocol 1.9):
 * every event type this server reads or writes, an {@code info} sent as {@code data_length} bytes, non-ASCII text,
 * and a payload holding newlines and JSON. {@code reference-events.jsonl} lists what each event holds.
 */
class EventFramingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsWhatTheReferenceImplementationWrites() throws IOException {
    List<Event> events = readAll(resource("reference-events.bin"));
    List<JsonNode> expected = expected();
    assertThat(events).hasSameSizeAs(expected);
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      JsonNode x = expected.get(i);
      assertThat(e.type()).isEqualTo(x.get("type").asText());
      assertThat((JsonNode) e.data()).as(e.type()).isEqualTo(x.get("data"));
      assertThat(HexFormat.of().formatHex(e.payload())).as(e.type()).isEqualTo(x.get("payload_hex").asText());
    }
  }

  /**
   * What the writer writes reads back the same, and as the reference writes it: data in {@code data_length}
   * bytes, never inline. (Checked once by hand against the reference's {@code read_event} as well.)
   */
  @Test
  void writesEventsThatReadBackTheSame() throws IOException {
    List<Event> events = readAll(resource("reference-events.bin"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EventWriter writer = new EventWriter(out, JSON);
    for (Event e : events) {
      writer.write(e);
    }
    Path written = Path.of("target", "wyoming-written-events.bin");
    Files.createDirectories(written.getParent());
    Files.write(written, out.toByteArray());
    List<Event> again = readAll(out.toByteArray());
    assertThat(again).hasSameSizeAs(events);
    for (int i = 0; i < events.size(); i++) {
      assertThat(again.get(i).type()).isEqualTo(events.get(i).type());
      assertThat(again.get(i).data()).isEqualTo(events.get(i).data());
      assertThat(again.get(i).payload()).isEqualTo(events.get(i).payload());
    }
    String firstLine = new String(out.toByteArray(), 0, out.toString(StandardCharsets.UTF_8).indexOf('\n'),
        StandardCharsets.UTF_8);
    assertThat(JSON.readTree(firstLine).fieldNames()).toIterable().containsExactly("type", "version");
  }

  @Test
  void refusesWhatIsNotAnEvent() {
    assertProtocolError("not json\n", "bad-event");
    assertProtocolError("[1, 2]\n", "bad-event");
    assertProtocolError("{\"data\": {}}\n", "bad-event");
    assertProtocolError("{\"type\": \"x\", \"data\": [1]}\n", "bad-event");
    assertProtocolError("{\"type\": \"x\", \"data_length\": 2}\n[]", "bad-event");
    assertProtocolError("{\"type\": \"x\", \"payload_length\": -1}\n", "bad-event");
    assertProtocolError("{\"type\": \"x\", \"payload_length\": 1.5}\n", "bad-event");
    assertProtocolError("{\"type\": \"x\", \"payload_length\": 99999999999999999999}\n", "too-large");
    assertProtocolError("{\"type\": \"x\", \"payload_length\": 2147483648}\n", "too-large");
    assertProtocolError("{\"type\": \"x\", \"data_length\": 2000000}\n", "too-large");
    assertProtocolError("{\"type\": \"" + "x".repeat(EventReader.MAX_HEADER) + "\"}\n", "too-large");
  }

  @Test
  void aStreamCutInsideAnEventIsAnEndOfFileAndBetweenEventsIsClean() throws IOException {
    assertThatThrownBy(() -> reader("{\"type\": \"audio-chunk\", \"payload_length\": 10}\n12345").read())
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> reader("{\"type\": \"describe\"").read()).isInstanceOf(EOFException.class);
    EventReader r = reader("\n{\"type\": \"describe\"}\n\n");
    assertThat(r.read().type()).isEqualTo("describe");
    assertThat(r.read()).isNull();
  }

  /** Random bytes, and reference events with random bytes flipped: only the reader's typed failures come out. */
  @Test
  void garbageOnlyEverGivesTypedFailures() throws IOException {
    long seed = System.nanoTime();
    System.out.println("EventFramingTest seed " + seed);
    Random random = new Random(seed);
    byte[] reference = resource("reference-events.bin");
    for (int round = 0; round < 2000; round++) {
      byte[] bytes;
      if (round % 2 == 0) {
        bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
      } else {
        bytes = reference.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      EventReader r = new EventReader(new ByteArrayInputStream(bytes), JSON, 4096);
      try {
        while (r.read() != null) {
          // read on
        }
      } catch (ProtocolException | EOFException expected) {
        // a typed refusal
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ", round " + round + ": " + e, e);
      }
    }
  }

  private static void assertProtocolError(String stream, String code) {
    assertThatThrownBy(() -> reader(stream).read()).as(stream.length() > 80 ? stream.substring(0, 80) : stream)
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private static EventReader reader(String stream) {
    return new EventReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), JSON, 1 << 20);
  }

  private static List<Event> readAll(byte[] bytes) throws IOException {
    EventReader r = new EventReader(new ByteArrayInputStream(bytes), JSON, 1 << 20);
    List<Event> events = new ArrayList<>();
    for (Event e; (e = r.read()) != null; ) {
      events.add(e);
    }
    return events;
  }

  private static List<JsonNode> expected() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : new String(resource("reference-events.jsonl"), StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = EventFramingTest.class.getResourceAsStream("/wyoming/" + name)) {
      return in.readAllBytes();
    }
  }
}
