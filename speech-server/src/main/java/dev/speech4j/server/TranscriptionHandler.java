package dev.speech4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.ServedTranscription;
import dev.speech4j.service.SpeechService;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Subtitles;
import dev.speech4j.stt.Task;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.Word;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code POST /v1/audio/transcriptions} and {@code /v1/audio/translations}: OpenAI's fields and response formats,
 * {@code stream=true} as server-sent events, and faster-whisper's extensions {@code vad_filter}, {@code hotwords},
 * {@code without_timestamps} and {@code beam_size}.
 */
final class TranscriptionHandler implements Handler {
  private static final Set<String> FORMATS = Set.of("json", "text", "srt", "vtt", "verbose_json");
  /** Whisper's encoder turns each second of audio into 50 positions: its "audio tokens". */
  private static final int AUDIO_TOKENS_PER_SECOND = 50;
  /** How often a request being decoded checks that its client is still there. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);

  private final Task task;
  private final Supplier<SpeechService> service;
  private final ModelDirectory models;
  private final ObjectMapper json;

  TranscriptionHandler(Task task, Supplier<SpeechService> service, ModelDirectory models, ObjectMapper json) {
    this.task = task;
    this.service = service;
    this.models = models;
    this.json = json;
  }

  @Override
  public void handle(Context ctx) {
    SpeechAudio audio = Uploads.audio(ctx);
    String format = Optional.ofNullable(Uploads.text(ctx, "response_format")).orElse("json");
    if (!FORMATS.contains(format)) {
      throw ApiException.badRequest("response_format", "response_format must be one of " + FORMATS + ", got '"
          + format + "'");
    }
    TranscriptionOptions options = options(ctx);
    Optional<ModelEntry> model = models.transcriber(Uploads.text(ctx, "model"));
    SpeechService speech = service.get();
    if (Uploads.bool(ctx, "stream", false)) {
      stream(ctx, speech, model, audio, options);
      return;
    }
    ServedTranscription served;
    try (Disconnects watch = new Disconnects(ctx)) {
      watch.watch(HEARTBEAT);
      served = model.isPresent() ? speech.transcribe(model.get(), audio, options, null)
          : speech.transcribe(audio, options);
    }
    ctx.header("X-Speech4j-Model", served.servedBy().engine() + ":" + served.servedBy().model());
    write(ctx, format, served.transcription(), options);
  }

  private TranscriptionOptions options(Context ctx) {
    TranscriptionOptions.Builder b = TranscriptionOptions.builder().task(task);
    if (task == Task.TRANSCRIBE) {
      b.language(Uploads.text(ctx, "language"));
    }
    String prompt = Uploads.text(ctx, "prompt");
    String hotwords = Uploads.text(ctx, "hotwords");
    if (prompt != null || hotwords != null) {
      b.initialPrompt(hotwords == null ? prompt : prompt == null ? hotwords : hotwords + " " + prompt);
    }
    Double temperature = Uploads.number(ctx, "temperature", 0, 1);
    if (temperature != null && temperature > 0) {
      b.temperature(temperature); // OpenAI: 0 (the default) lets the decoder raise the temperature on failure
    }
    for (String granularity : Uploads.list(ctx, "timestamp_granularities")) {
      switch (granularity) {
        case "word" -> b.wordTimestamps(true);
        case "segment" -> { }
        default -> throw ApiException.badRequest("timestamp_granularities", "timestamp_granularities takes "
            + "word and segment, got '" + granularity + "'");
      }
    }
    b.vadFilter(Uploads.bool(ctx, "vad_filter", false));
    b.withoutTimestamps(Uploads.bool(ctx, "without_timestamps", false));
    Double beam = Uploads.number(ctx, "beam_size", 1, TranscriptionOptions.MAX_CANDIDATES);
    if (beam != null) {
      if (beam != Math.rint(beam)) {
        throw ApiException.badRequest("beam_size", "beam_size must be a whole number, got " + beam);
      }
      b.beamSize(beam.intValue());
    }
    return b.build();
  }

  private void write(Context ctx, String format, Transcription t, TranscriptionOptions options) {
    switch (format) {
      case "text" -> ctx.contentType("text/plain; charset=utf-8").result(t.text() + "\n");
      case "srt" -> ctx.contentType("text/plain; charset=utf-8").result(Subtitles.srt(t));
      case "vtt" -> ctx.contentType("text/vtt; charset=utf-8").result(Subtitles.vtt(t));
      case "verbose_json" -> ctx.json(verbose(t, options));
      default -> ctx.json(Map.of("text", t.text(), "usage", Map.of("type", "duration", "seconds",
          (long) Math.ceil(t.duration()))));
    }
  }

  private Map<String, Object> verbose(Transcription t, TranscriptionOptions options) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("task", task == Task.TRANSLATE ? "translate" : "transcribe");
    body.put("language", languageName(t.language()));
    body.put("duration", t.duration());
    body.put("text", t.text());
    List<Map<String, Object>> segments = new ArrayList<>();
    List<Map<String, Object>> words = new ArrayList<>();
    for (Segment s : t.segments()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("seek", s.seek());
      m.put("start", s.start());
      m.put("end", s.end());
      m.put("text", s.text());
      m.put("tokens", s.tokens());
      m.put("temperature", finite(s.temperature()));
      m.put("avg_logprob", finite(s.avgLogprob()));
      m.put("compression_ratio", finite(s.compressionRatio()));
      m.put("no_speech_prob", finite(s.noSpeechProb()));
      segments.add(m);
      for (Word w : s.words()) {
        words.add(Map.of("word", w.text(), "start", w.start(), "end", w.end()));
      }
    }
    body.put("segments", segments);
    if (options.wordTimestamps()) {
      body.put("words", words);
    }
    body.put("usage", Map.of("type", "duration", "seconds", (long) Math.ceil(t.duration())));
    return body;
  }

  /**
   * Server-sent events: a {@code transcript.text.delta} per segment as it is decoded, then
   * {@code transcript.text.done} with the whole text; a failure after the stream began is an {@code error} event.
   * A client that goes away stops the decoding at its next segment.
   */
  private void stream(Context ctx, SpeechService speech, Optional<ModelEntry> model, SpeechAudio audio,
      TranscriptionOptions options) {
    ServerSentEvents events = new ServerSentEvents(ctx, json);
    boolean[] first = {true};
    Consumer<Segment> onSegment = segment -> {
      String delta = first[0] ? segment.text().stripLeading() : segment.text();
      first[0] = false;
      events.send("transcript.text.delta", Map.of("delta", delta, "segment_id", segment.id()));
    };
    try (Disconnects watch = new Disconnects(ctx); events) {
      events.heartbeat(HEARTBEAT, watch::hangUp);
      try {
        ServedTranscription served = model.isPresent() ? speech.transcribe(model.get(), audio, options, onSegment)
            : speech.transcribe(audio, options, onSegment);
        Transcription t = served.transcription();
        int textTokens = t.segments().stream().mapToInt(s -> s.tokens().size()).sum();
        int audioTokens = (int) Math.ceil(t.duration() * AUDIO_TOKENS_PER_SECOND);
        events.send("transcript.text.done", Map.of("text", t.text(), "usage", Map.of("type", "tokens",
            "input_tokens", audioTokens, "output_tokens", textTokens, "total_tokens", audioTokens + textTokens,
            "input_token_details", Map.of("audio_tokens", audioTokens, "text_tokens", 0))));
      } catch (UncheckedIOException gone) {
        throw gone; // the client went away: nothing left to tell it
      } catch (RuntimeException e) {
        if (!events.started()) {
          throw e; // refused before the stream began: an ordinary error response
        }
        events.send("error", ApiException.of(e).body());
      }
    }
  }

  /** OpenAI's spelling of a language in verbose_json: its English name in lower case ("english"), else the code. */
  static String languageName(String code) {
    String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
    return name.isEmpty() || name.equalsIgnoreCase(code) ? code : name.toLowerCase(Locale.ROOT);
  }

  /** A JSON number, or null for NaN (a model without a no-speech token) and infinities. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

}
