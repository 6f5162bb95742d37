package dev.speech4j.wyoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.tts.SynthesisOptions;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A connection's {@code synthesize} requests: one audio stream ({@code audio-start}, {@code audio-chunk}s of 1024
 * 16-bit mono samples, {@code audio-stop}) spoken sentence by sentence; and the streaming form
 * ({@code synthesize-start}, {@code synthesize-chunk}…, {@code synthesize-stop}), where each sentence is spoken as
 * its own audio stream as soon as it is complete, then {@code synthesize-stopped}.
 */
final class TextToSpeech {
  private static final int SAMPLES_PER_CHUNK = 1024; // as wyoming-piper sends them
  private static final int MAX_PENDING_TEXT = 100_000;

  private final WyomingServer server;
  private final EventWriter writer;
  private Streamed streamed;

  /** The voice and text of a {@code synthesize-start} stream. */
  private record Streamed(ModelEntry voice, SynthesisOptions options, SentenceBuffer sentences) {}

  TextToSpeech(WyomingServer server, EventWriter writer) {
    this.server = server;
    this.writer = writer;
  }

  void synthesize(Event event) throws IOException {
    if (streamed == null) { // inside a stream it repeats the text for servers that do not stream
      JsonNode voice = event.data().path("voice");
      speak(voice(voice), requireText(event).strip(), options(voice));
    }
  }

  void start(Event event) {
    JsonNode voice = event.data().path("voice");
    streamed = new Streamed(voice(voice), options(voice), new SentenceBuffer(Locale.ROOT, MAX_PENDING_TEXT));
  }

  void chunk(Event event) throws IOException {
    Streamed s = requireStream(event);
    List<String> sentences = s.sentences().add(requireText(event));
    for (String sentence : sentences) {
      speak(s.voice(), sentence, s.options());
    }
  }

  void stop(Event event) throws IOException {
    Streamed s = requireStream(event);
    streamed = null;
    String rest = s.sentences().finish();
    if (!rest.isEmpty()) {
      speak(s.voice(), rest, s.options());
    }
    writer.write(Event.of("synthesize-stopped"));
  }

  void reset() {
    streamed = null;
  }

  /** Speaks {@code text} as one audio stream, sentence by sentence; empty text gives only {@code audio-stop}. */
  private void speak(ModelEntry voice, String text, SynthesisOptions options) throws IOException {
    long samples = 0;
    int rate = 0;
    if (!text.isEmpty()) {
      try (Stream<SpeechAudio> sentences = server.service().synthesize(voice, text, options)) {
        for (SpeechAudio sentence : (Iterable<SpeechAudio>) sentences::iterator) {
          if (rate == 0) {
            rate = sentence.sampleRate();
            writer.write(Event.of("audio-start", format(rate, 0), null));
          }
          byte[] pcm = sentence.toPcm16Bytes();
          for (int at = 0; at < pcm.length; at += 2 * SAMPLES_PER_CHUNK) {
            byte[] chunk = Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + 2 * SAMPLES_PER_CHUNK));
            writer.write(Event.of("audio-chunk", format(rate, samples * 1000 / rate), chunk));
            samples += chunk.length / 2;
          }
        }
      }
    }
    long end = rate == 0 ? 0 : samples * 1000 / rate;
    writer.write(Event.of("audio-stop", d -> d.put("timestamp", end)));
  }

  private static Consumer<ObjectNode> format(int rate, long timestamp) {
    return d -> d.put("rate", rate).put("width", 2).put("channels", 1).put("timestamp", timestamp);
  }

  /** The voice a {@code voice} object picks: by name, else by language, else the first. */
  private ModelEntry voice(JsonNode spec) {
    List<ModelEntry> voices = server.config().voices();
    if (voices.isEmpty()) {
      throw new EngineUnavailableException("this server has no voice: start it with --tts ENGINE:VOICE");
    }
    String name = Connection.text(spec, "name");
    if (name != null) {
      return Programs.find(voices, name).orElseThrow(() -> new ModelNotFoundException("no voice called '" + name
          + "' here; 'describe' lists them"));
    }
    String language = Connection.text(spec, "language");
    if (language != null) {
      String wanted = language.toLowerCase(Locale.ROOT).replace('_', '-');
      return voices.stream().filter(v -> speaks(v, wanted)).findFirst()
          .orElseThrow(() -> new ModelNotFoundException("no voice speaks '" + language + "' here"));
    }
    return voices.get(0);
  }

  private static boolean speaks(ModelEntry voice, String wanted) {
    String have = Programs.voiceLanguage(voice).toLowerCase(Locale.ROOT).replace('_', '-');
    return have.equals(wanted) || have.startsWith(wanted + "-") || wanted.startsWith(have + "-");
  }

  private static SynthesisOptions options(JsonNode spec) {
    String speaker = Connection.text(spec, "speaker");
    return speaker == null ? SynthesisOptions.defaults() : SynthesisOptions.builder().speaker(speaker).build();
  }

  private Streamed requireStream(Event event) {
    if (streamed == null) {
      throw new InvalidOptionsException("'" + event.type() + "' came without a 'synthesize-start'");
    }
    return streamed;
  }

  private static String requireText(Event event) {
    String text = Connection.text(event.data(), "text");
    if (text == null) {
      throw new InvalidOptionsException("'" + event.type() + "' needs a text \"text\"");
    }
    return text;
  }
}
