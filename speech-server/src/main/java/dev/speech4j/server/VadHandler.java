package dev.speech4j.server;

import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import dev.speech4j.service.SpeechService;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadOptions;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /v1/audio/vad} (an extension): the speech in an upload, {@code {"duration", "engine", "segments":
 * [{"start", "end"}]}} in seconds, with Silero's options ({@code threshold}, {@code min_speech_duration_ms},
 * {@code min_silence_duration_ms}, {@code speech_pad_ms}) and an {@code engine}.
 */
final class VadHandler implements Handler {
  private final Supplier<SpeechService> service;
  private final ServerConfig config;

  VadHandler(Supplier<SpeechService> service, ServerConfig config) {
    this.service = service;
    this.config = config;
  }

  @Override
  public void handle(Context ctx) {
    var audio = Uploads.audio(ctx);
    VadOptions.Builder options = VadOptions.builder();
    Double threshold = Uploads.number(ctx, "threshold", 0.01, 0.99);
    if (threshold != null) {
      options.threshold(threshold.floatValue());
    }
    Double minSpeech = Uploads.number(ctx, "min_speech_duration_ms", 0, 60_000);
    if (minSpeech != null) {
      options.minSpeechMs(minSpeech.intValue());
    }
    Double minSilence = Uploads.number(ctx, "min_silence_duration_ms", 0, 60_000);
    if (minSilence != null) {
      options.minSilenceMs(minSilence.intValue());
    }
    Double pad = Uploads.number(ctx, "speech_pad_ms", 0, 10_000);
    if (pad != null) {
      options.speechPadMs(pad.intValue());
    }
    String engine = Uploads.text(ctx, "engine");
    if (engine == null) {
      engine = config.vad().orElseGet(() -> Speech.engineFor(ProviderInfo.Kind.VAD, ModelRef.defaultModel()));
    }
    String named = engine;
    if (Speech.providers().stream().noneMatch(p -> p.kind() == ProviderInfo.Kind.VAD && p.name().equals(named))) {
      throw ApiException.badRequest("engine", "no VAD engine called '" + engine + "'; installed: " + Speech.providers()
          .stream().filter(p -> p.kind() == ProviderInfo.Kind.VAD).map(ProviderInfo::name).toList());
    }
    List<SpeechSegment> segments = service.get().speechSegments(engine, audio, options.build());
    ctx.json(Map.of("duration", audio.seconds(), "engine", engine, "segments", segments.stream()
        .map(s -> Map.of("start", s.startSeconds(), "end", s.endSeconds())).toList()));
  }
}
