package dev.speech4j.wyoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.SpeechException;
import dev.speech4j.SpeechTimeoutException;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.OverloadedException;
import dev.speech4j.service.ServedTranscription;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.vad.VadEvent;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VadSession;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's events, in order, following {@code rhasspy/wyoming}'s event definitions: {@code describe},
 * {@code ping}, {@code transcribe} and audio ({@code audio-start}, {@code audio-chunk}, {@code audio-stop}),
 * {@code synthesize} and its streaming form. A request that fails gets an {@code error} event and the connection
 * goes on; bytes that break the framing get one and the connection closes. Unknown events are ignored, as the
 * reference server does.
 */
final class Connection {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  /** Samples per {@code audio-chunk} sent, as wyoming-piper sends them. */
  private static final int SAMPLES_PER_CHUNK = 1024;
  /** Most characters of streamed text waiting for a sentence end. */
  private static final int MAX_PENDING_TEXT = 100_000;

  private final WyomingServer server;
  private final EventReader reader;
  private final EventWriter writer;
  private JsonNode transcribe; // the pending transcribe request's data, if any
  private AudioInput audio;
  private boolean discarding; // the rest of a stream that failed, up to its audio-stop
  private long audioStartMs;
  private TextStream textStream;

  /** The voice and text of a {@code synthesize-start} stream. */
  private record TextStream(ModelEntry voice, SynthesisOptions options, SentenceBuffer sentences) {}

  Connection(WyomingServer server, EventReader reader, EventWriter writer) {
    this.server = server;
    this.reader = reader;
    this.writer = writer;
  }

  /** Serves events until the client leaves, idles too long, or breaks the framing. */
  void serve() throws IOException {
    try {
      for (Event event; (event = reader.read()) != null; ) {
        try {
          handle(event);
        } catch (SpeechException | IllegalStateException e) {
          discarding = event.type().equals("audio-start") || event.type().equals("audio-chunk");
          dropRequest();
          send(error(e));
        }
      }
    } catch (ProtocolException e) {
      send(Event.of("error", d -> d.put("text", e.getMessage()).put("code", e.code())));
    } catch (SocketTimeoutException e) {
      send(Event.of("error", d -> d.put("text", "no event for " + server.config().idleTimeout().toSeconds()
          + " s: closing the connection").put("code", "idle-timeout")));
    } catch (EOFException e) {
      LOG.debug("client left mid-event: {}", e.getMessage());
    } finally {
      dropRequest();
    }
  }

  private void handle(Event event) throws IOException {
    switch (event.type()) {
      case "describe" -> send(server.programs().info());
      case "ping" -> send(Event.of("pong", d -> d.put("text", event.text("text"))));
      case "transcribe" -> transcribe = event.data();
      case "audio-start" -> startAudio(event);
      case "audio-chunk" -> {
        if (discarding) {
          return;
        }
        if (audio == null) {
          startAudio(event); // the reference servers accept chunks without a start
        }
        checkSameFormat(event);
        audio.write(event.payload());
      }
      case "audio-stop" -> {
        if (!discarding) {
          stopAudio();
        }
        discarding = false;
      }
      case "synthesize" -> {
        if (textStream == null) { // inside a stream it repeats the text for older servers
          speakWhole(event.data());
        }
      }
      case "synthesize-start" -> textStream = new TextStream(voice(event.data().path("voice")),
          options(event.data().path("voice")), new SentenceBuffer(Locale.ROOT, MAX_PENDING_TEXT));
      case "synthesize-chunk" -> {
        TextStream stream = requireTextStream(event);
        for (String sentence : stream.sentences().add(requireText(event))) {
          speak(stream.voice(), sentence, stream.options());
        }
      }
      case "synthesize-stop" -> {
        TextStream stream = requireTextStream(event);
        textStream = null;
        String rest = stream.sentences().finish();
        if (!rest.isEmpty()) {
          speak(stream.voice(), rest, stream.options());
        }
        send(Event.of("synthesize-stopped"));
      }
      default -> LOG.debug("ignoring a '{}' event", event.type());
    }
  }

  private void startAudio(Event event) {
    discarding = false;
    if (audio != null) {
      audio.close();
      audio = null;
    }
    JsonNode d = event.data();
    for (String field : new String[] {"rate", "width", "channels"}) {
      if (!d.path(field).canConvertToExactIntegral()) {
        throw new InvalidOptionsException("'" + event.type() + "' needs whole-number rate, width and channels");
      }
    }
    audioStartMs = d.path("timestamp").asLong(0);
    VadSession vad = server.vad().map(v -> v.openSession(VadOptions.defaults())).orElse(null);
    audio = AudioInput.start(d.path("rate").asInt(), d.path("width").asInt(), d.path("channels").asInt(), vad,
        this::sendVad, server.config().maxAudioSeconds(), server.audioWorkers());
  }

  private void checkSameFormat(Event chunk) {
    JsonNode d = chunk.data();
    var format = audio.format();
    if (d.path("rate").asInt() != format.sampleRate() || d.path("channels").asInt() != format.channels()
        || d.path("width").asInt() != format.encoding().bytes()) {
      throw new InvalidOptionsException("an audio-chunk changed the format its audio-start declared ("
          + format.sampleRate() + " Hz, " + format.encoding().bytes() + " bytes, " + format.channels()
          + " channels); start a new stream for new audio");
    }
  }

  private void stopAudio() throws IOException {
    SpeechAudio speech = SpeechAudio.of(new float[0], AudioInput.RATE);
    if (audio != null) {
      AudioInput input = audio;
      audio = null;
      speech = input.finish();
    }
    JsonNode request = transcribe;
    transcribe = null;
    boolean wanted = request != null || server.vad().isEmpty();
    if (wanted && !server.config().service().chain().isEmpty()) {
      sendTranscript(speech, request);
    }
  }

  private void sendTranscript(SpeechAudio speech, JsonNode request) throws IOException {
    String language = request == null ? null : text(request, "language");
    String name = request == null ? null : text(request, "name");
    TranscriptionOptions.Builder options = TranscriptionOptions.builder();
    if (language != null) {
      options.language(language.toLowerCase(Locale.ROOT).split("[-_]")[0]);
    }
    boolean streaming = server.config().streaming();
    AtomicBoolean started = new AtomicBoolean();
    Runnable start = () -> {
      if (streaming && started.compareAndSet(false, true)) {
        sendUnchecked(Event.of("transcript-start", d -> {
          if (language != null) {
            d.put("language", language);
          }
        }));
      }
    };
    Consumer<Segment> onSegment = segment -> {
      start.run();
      if (streaming) {
        sendUnchecked(Event.of("transcript-chunk", d -> d.put("text", segment.text())));
      }
    };
    String text;
    String spoken;
    if (speech.isEmpty()) {
      text = "";
      spoken = language;
    } else {
      ServedTranscription served = model(name)
          .map(m -> server.service().transcribe(m, speech, options.build(), onSegment))
          .orElseGet(() -> server.service().transcribe(speech, options.build(), onSegment));
      text = served.transcription().text();
      spoken = served.transcription().language();
    }
    start.run();
    send(Event.of("transcript", d -> {
      d.put("text", text);
      if (spoken != null) {
        d.put("language", spoken);
      }
    }));
    if (streaming) {
      send(Event.of("transcript-stop"));
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

  private void speakWhole(JsonNode data) throws IOException {
    String text = requireText(data, "synthesize");
    speak(voice(data.path("voice")), text.strip(), options(data.path("voice")));
  }

  /**
   * Speaks {@code text} as one audio stream of the voice's rate, 16-bit mono, sentence by sentence. Empty text gives
   * only {@code audio-stop}, as wyoming-piper sends.
   */
  private void speak(ModelEntry voice, String text, SynthesisOptions options) throws IOException {
    long samples = 0;
    int rate = 0;
    if (!text.isEmpty()) {
      try (Stream<SpeechAudio> sentences = server.service().synthesize(voice, text, options)) {
        for (SpeechAudio sentence : (Iterable<SpeechAudio>) sentences::iterator) {
          if (rate == 0) {
            rate = sentence.sampleRate();
            send(Event.of("audio-start", format(rate, 0), null));
          }
          byte[] pcm = sentence.toPcm16Bytes();
          for (int at = 0; at < pcm.length; at += 2 * SAMPLES_PER_CHUNK) {
            byte[] chunk = Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + 2 * SAMPLES_PER_CHUNK));
            send(Event.of("audio-chunk", format(rate, samples * 1000 / rate), chunk));
            samples += chunk.length / 2;
          }
        }
      }
    }
    long end = rate == 0 ? 0 : samples * 1000 / rate;
    send(Event.of("audio-stop", d -> d.put("timestamp", end)));
  }

  private static Consumer<ObjectNode> format(int rate, long timestamp) {
    return d -> d.put("rate", rate).put("width", 2).put("channels", 1).put("timestamp", timestamp);
  }

  /** The voice a {@code voice} object picks: by name, else by language, else the first. */
  private ModelEntry voice(JsonNode spec) {
    var voices = server.config().voices();
    if (voices.isEmpty()) {
      throw new EngineUnavailableException("this server has no voice: start it with --tts ENGINE:VOICE");
    }
    String name = text(spec, "name");
    if (name != null) {
      return Programs.find(voices, name).orElseThrow(() -> new ModelNotFoundException("no voice called '" + name
          + "' here; 'describe' lists them"));
    }
    String language = text(spec, "language");
    if (language != null) {
      String wanted = language.toLowerCase(Locale.ROOT).replace('_', '-');
      return voices.stream().filter(v -> matches(Programs.voiceLanguage(v), wanted)).findFirst()
          .orElseThrow(() -> new ModelNotFoundException("no voice speaks '" + language + "' here"));
    }
    return voices.get(0);
  }

  private static boolean matches(String voiceLanguage, String wanted) {
    String have = voiceLanguage.toLowerCase(Locale.ROOT).replace('_', '-');
    return have.equals(wanted) || have.startsWith(wanted + "-") || wanted.startsWith(have + "-");
  }

  private static SynthesisOptions options(JsonNode spec) {
    String speaker = text(spec, "speaker");
    return speaker == null ? SynthesisOptions.defaults() : SynthesisOptions.builder().speaker(speaker).build();
  }

  private TextStream requireTextStream(Event event) {
    if (textStream == null) {
      throw new InvalidOptionsException("'" + event.type() + "' came without a 'synthesize-start'");
    }
    return textStream;
  }

  private static String requireText(Event event) {
    return requireText(event.data(), event.type());
  }

  private static String requireText(JsonNode data, String type) {
    String text = text(data, "text");
    if (text == null) {
      throw new InvalidOptionsException("'" + type + "' needs a text \"text\"");
    }
    return text;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : null;
  }

  private void sendVad(VadEvent event) {
    long ms = audioStartMs + Math.round(event.seconds() * 1000);
    String type = event.type() == VadEvent.Type.SPEECH_START ? "voice-started" : "voice-stopped";
    sendUnchecked(Event.of(type, d -> d.put("timestamp", ms)));
  }

  private void dropRequest() {
    transcribe = null;
    textStream = null;
    if (audio != null) {
      audio.close();
      audio = null;
    }
  }

  private void send(Event event) throws IOException {
    writer.write(event);
  }

  private void sendUnchecked(Event event) {
    try {
      writer.write(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
