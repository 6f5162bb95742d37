package dev.speech4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.SpeechService;
import dev.speech4j.tts.SynthesisOptions;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code POST /v1/audio/speech}: speaks {@code input} sentence by sentence, each sentence sent as soon as it is
 * synthesized, as audio ({@code stream_format=audio}, the default) or as {@code speech.audio.delta} server-sent
 * events carrying base64 audio ({@code stream_format=sse}, for {@code wav} and {@code pcm}).
 */
final class SpeechHandler implements Handler {
  /** OpenAI's limit on {@code input}. */
  static final int MAX_INPUT_CHARS = 4096;

  private final Supplier<SpeechService> service;
  private final ModelDirectory models;
  private final ObjectMapper json;

  SpeechHandler(Supplier<SpeechService> service, ModelDirectory models, ObjectMapper json) {
    this.service = service;
    this.models = models;
    this.json = json;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    JsonNode body;
    try {
      body = json.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw ApiException.badRequest(null, "the body must be JSON: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest(null, "the body must be a JSON object with 'input' and 'voice'");
    }
    String input = text(body, "input");
    if (input == null || input.isBlank()) {
      throw ApiException.badRequest("input", "'input' must be the text to speak");
    }
    if (input.length() > MAX_INPUT_CHARS) {
      throw ApiException.badRequest("input", "'input' is " + input.length() + " characters; the limit is "
          + MAX_INPUT_CHARS);
    }
    String formatName = text(body, "response_format");
    AudioEncoder encoder = formatName == null ? AudioEncoder.defaultFormat() : AudioEncoder.of(formatName);
    String streamFormat = text(body, "stream_format");
    boolean sse = "sse".equals(streamFormat);
    if (streamFormat != null && !sse && !"audio".equals(streamFormat)) {
      throw ApiException.badRequest("stream_format", "stream_format must be audio or sse, got '" + streamFormat
          + "'");
    }
    if (sse && encoder != AudioEncoder.WAV && encoder != AudioEncoder.PCM) {
      throw ApiException.badRequest("stream_format", "stream_format sse sends wav or pcm; got " + formatName);
    }
    SynthesisOptions.Builder options = SynthesisOptions.builder();
    if (body.hasNonNull("speed")) {
      double speed = body.get("speed").asDouble(Double.NaN);
      if (!(speed >= 0.25 && speed <= 4.0)) {
        throw ApiException.badRequest("speed", "speed must be a number in [0.25, 4.0], got " + body.get("speed"));
      }
      options.speed(speed);
    }
    if (encoder.requiredRate() > 0) {
      options.sampleRate(encoder.requiredRate());
    }
    ModelEntry voice = models.voice(text(body, "voice"));
    try (Stream<SpeechAudio> sentences = service.get().synthesize(voice, input, options.build())) {
      Iterator<SpeechAudio> pieces = sentences.iterator();
      if (!pieces.hasNext()) {
        throw ApiException.badRequest("input", "'input' has nothing to speak");
      }
      SpeechAudio first = pieces.next(); // a failure to synthesize still gets a proper error response
      ctx.header("X-Speech4j-Voice", voice.engine() + ":" + voice.model());
      if (sse) {
        try (ServerSentEvents events = new ServerSentEvents(ctx, json)) {
          try {
            events(events, encoder, first, pieces, input.length());
          } catch (UncheckedIOException gone) {
            throw gone;
          } catch (RuntimeException e) {
            events.send("error", ApiException.of(e).body());
          }
        }
      } else {
        ctx.status(200).contentType(encoder.contentType());
        audio(ctx.res().getOutputStream(), encoder, first, pieces);
      }
    }
  }

  private static void audio(OutputStream out, AudioEncoder encoder, SpeechAudio first, Iterator<SpeechAudio> rest) {
    try (AudioEncoder.Sink sink = encoder.open(out)) {
      sink.write(first);
      rest.forEachRemaining(sink::write);
      sink.finish();
    }
  }

  private static void events(ServerSentEvents out, AudioEncoder encoder, SpeechAudio first, Iterator<SpeechAudio> rest,
      int inputChars) {
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    long samples = 0;
    try (AudioEncoder.Sink sink = encoder.open(chunk)) {
      for (SpeechAudio piece = first; piece != null; piece = rest.hasNext() ? rest.next() : null) {
        sink.write(piece);
        samples += piece.frames();
        out.send("speech.audio.delta", Map.of("audio",
            Base64.getEncoder().encodeToString(chunk.toByteArray())));
        chunk.reset();
      }
    }
    long seconds = (long) Math.ceil(samples / (double) Math.max(1, first.sampleRate()));
    out.send("speech.audio.done", Map.of("usage", Map.of("input_tokens", inputChars, "output_tokens",
        seconds, "total_tokens", inputChars + seconds)));
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(field, "'" + field + "' must be a string");
    }
    return node.asText();
  }
}
