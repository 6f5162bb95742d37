package dev.speech4j.wyoming;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.SpeechException;
import dev.speech4j.SpeechTimeoutException;
import dev.speech4j.service.OverloadedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's events, in order, following {@code rhasspy/wyoming}'s event definitions: {@code describe},
 * {@code ping}, speech-to-text ({@link SpeechToText}) and text-to-speech ({@link TextToSpeech}). A request that fails
 * gets an {@code error} event and the connection goes on; bytes that break the framing get one and the connection
 * closes. Unknown events are ignored, as the reference server does.
 */
final class Connection {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

  private final WyomingServer server;
  private final EventReader reader;
  private final EventWriter writer;
  private final SpeechToText stt;
  private final TextToSpeech tts;

  Connection(WyomingServer server, EventReader reader, EventWriter writer) {
    this.server = server;
    this.reader = reader;
    this.writer = writer;
    this.stt = new SpeechToText(server, writer);
    this.tts = new TextToSpeech(server, writer);
  }

  /** Serves events until the client leaves, idles too long, or breaks the framing. */
  void serve() throws IOException {
    try {
      for (Event event; (event = reader.read()) != null; ) {
        try {
          handle(event);
        } catch (SpeechException | IllegalStateException e) {
          tts.reset();
          writer.write(error(e));
        }
      }
    } catch (ProtocolException e) {
      writer.write(Event.of("error", d -> d.put("text", e.getMessage()).put("code", e.code())));
    } catch (SocketTimeoutException e) {
      writer.write(Event.of("error", d -> d.put("text", "no event for " + server.config().idleTimeout().toSeconds()
          + " s: closing the connection").put("code", "idle-timeout")));
    } catch (EOFException e) {
      LOG.debug("client left mid-event: {}", e.getMessage());
    } finally {
      stt.reset();
    }
  }

  private void handle(Event event) throws IOException {
    switch (event.type()) {
      case "describe" -> writer.write(server.programs().info());
      case "ping" -> writer.write(Event.of("pong", d -> d.put("text", text(event.data(), "text"))));
      case "transcribe" -> stt.transcribe(event);
      case "audio-start" -> stt.audioStart(event);
      case "audio-chunk" -> stt.audioChunk(event);
      case "audio-stop" -> stt.audioStop();
      case "synthesize" -> tts.synthesize(event);
      case "synthesize-start" -> tts.start(event);
      case "synthesize-chunk" -> tts.chunk(event);
      case "synthesize-stop" -> tts.stop(event);
      default -> LOG.debug("ignoring a '{}' event", event.type());
    }
  }

  /** The text field {@code field} of {@code node}, or null when absent or not text. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : null;
  }

  /** The {@code error} event for a failed request, its code naming the kind of failure. */
  static Event error(RuntimeException e) {
    String code;
    if (e instanceof OverloadedException) {
      code = "overloaded";
    } else if (e instanceof SpeechTimeoutException) {
      code = "timeout";
    } else if (e instanceof SpeechCancelledException) {
      code = "cancelled";
    } else if (e instanceof ModelNotFoundException) {
      code = "model-not-found";
    } else if (e instanceof InvalidAudioException) {
      code = "invalid-audio";
    } else if (e instanceof InvalidOptionsException || e instanceof InvalidModelException) {
      code = "invalid-request";
    } else if (e instanceof EngineUnavailableException) {
      code = "unavailable";
    } else {
      code = "failed";
    }
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    return Event.of("error", d -> d.put("text", text).put("code", code));
  }
}
