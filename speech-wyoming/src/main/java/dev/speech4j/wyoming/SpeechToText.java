package dev.speech4j.wyoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.audio.PcmFormat;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.ServedTranscription;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.vad.VadEvent;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VadSession;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A connection's {@code transcribe} request and audio streams. At {@code audio-stop} the stream is transcribed if a
 * {@code transcribe} preceded it, or if the server sends no VAD events (then audio is there to be transcribed); with
 * streaming on, the transcript comes as {@code transcript-start}, a {@code transcript-chunk} per segment as it is
 * decoded, {@code transcript} and {@code transcript-stop}. VAD events go out as the audio arrives.
 */
final class SpeechToText {
  private final WyomingServer server;
  private final EventWriter writer;
  private JsonNode request; // the pending transcribe's data
  private AudioInput audio;
  private boolean discarding; // the rest of a stream that failed, up to its audio-stop
  private long startMs;

  SpeechToText(WyomingServer server, EventWriter writer) {
    this.server = server;
    this.writer = writer;
  }

  void transcribe(Event event) {
    request = event.data();
  }

  void audioStart(Event event) {
    discarding = false;
    drop();
    try {
      JsonNode d = event.data();
      for (String field : new String[] {"rate", "width", "channels"}) {
        if (!d.path(field).canConvertToExactIntegral()) {
          throw new InvalidOptionsException("'" + event.type() + "' needs whole-number rate, width and channels");
        }
      }
      startMs = d.path("timestamp").asLong(0);
      PcmFormat format = AudioInput.pcmFormat(d.path("rate").asInt(), d.path("width").asInt(),
          d.path("channels").asInt());
      VadSession vad = server.vad().map(v -> v.openSession(VadOptions.defaults())).orElse(null);
      audio = new AudioInput(format, vad, this::sendVad, server.config().maxAudioSeconds(), server.audioWorkers());
    } catch (RuntimeException e) {
      discarding = true;
      request = null;
      throw e;
    }
  }

  void audioChunk(Event event) {
    if (discarding) {
      return;
    }
    if (audio == null) {
      audioStart(event); // the reference servers take chunks without a start
    }
    try {
      checkSameFormat(event);
      audio.write(event.payload());
    } catch (RuntimeException e) {
      discarding = true;
      request = null;
      drop();
      throw e;
    }
  }

  void audioStop() throws IOException {
    if (discarding) {
      discarding = false;
      return;
    }
    SpeechAudio speech = SpeechAudio.of(new float[0], AudioInput.RATE);
    JsonNode asked = request;
    request = null;
    if (audio != null) {
      AudioInput input = audio;
      audio = null;
      speech = input.finish();
    }
    if ((asked != null || server.vad().isEmpty()) && !server.config().service().chain().isEmpty()) {
      sendTranscript(speech, asked == null ? MissingNode.getInstance() : asked);
    }
  }

  /** Drops the stream, if any. */
  private void drop() {
    if (audio != null) {
      audio.close();
      audio = null;
    }
  }

  /** Forgets the request and drops the stream: the connection ended. */
  void reset() {
    request = null;
    discarding = false;
    drop();
  }

  private void checkSameFormat(Event chunk) {
    JsonNode d = chunk.data();
    PcmFormat format = audio.format();
    if (d.path("rate").asInt() != format.sampleRate() || d.path("channels").asInt() != format.channels()
        || d.path("width").asInt() != format.encoding().bytes()) {
      throw new InvalidOptionsException("an audio-chunk changed the format its audio-start declared ("
          + format.sampleRate() + " Hz, " + format.encoding().bytes() + " bytes, " + format.channels()
          + " channels); start a new stream for new audio");
    }
  }

  private void sendTranscript(SpeechAudio speech, JsonNode asked) throws IOException {
    String language = Connection.text(asked, "language");
    TranscriptionOptions.Builder options = TranscriptionOptions.builder();
    if (language != null) {
      options.language(language.toLowerCase(Locale.ROOT).split("[-_]")[0]);
    }
    boolean streaming = server.config().streaming();
    AtomicBoolean started = new AtomicBoolean();
    Runnable start = () -> {
      if (streaming && started.compareAndSet(false, true)) {
        writer.writeUnchecked(Event.of("transcript-start", d -> {
          if (language != null) {
            d.put("language", language);
          }
        }));
      }
    };
    Consumer<Segment> onSegment = segment -> {
      start.run();
      if (streaming) {
        writer.writeUnchecked(Event.of("transcript-chunk", d -> d.put("text", segment.text())));
      }
    };
    String text = "";
    String spoken = language;
    if (!speech.isEmpty()) {
      Optional<ModelEntry> model = model(Connection.text(asked, "name"));
      ServedTranscription served = model.isPresent()
          ? server.service().transcribe(model.get(), speech, options.build(), onSegment)
          : server.service().transcribe(speech, options.build(), onSegment);
      text = served.transcription().text();
      spoken = served.transcription().language();
    }
    start.run();
    String said = text;
    String in = spoken;
    writer.write(Event.of("transcript", d -> {
      d.put("text", said);
      if (in != null) {
        d.put("language", in);
      }
    }));
    if (streaming) {
      writer.write(Event.of("transcript-stop"));
    }
  }

  private Optional<ModelEntry> model(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Programs.find(server.config().service().chain(), name)
        .orElseThrow(() -> new ModelNotFoundException("no transcription model called '" + name + "' here; "
            + "'describe' lists them")));
  }

  private void sendVad(VadEvent event) {
    long ms = startMs + Math.round(event.seconds() * 1000);
    String type = event.type() == VadEvent.Type.SPEECH_START ? "voice-started" : "voice-stopped";
    writer.writeUnchecked(Event.of(type, d -> d.put("timestamp", ms)));
  }
}
