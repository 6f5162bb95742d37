package dev.speech4j.wyoming;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.speech4j.model.ModelStore;
import dev.speech4j.service.ModelEntry;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the server offers, as Wyoming's {@code info} event describes it: one {@code asr} program with the chain's
 * models and one {@code tts} program with the voices. Models are named {@code ENGINE:MODEL}, the name a
 * {@code transcribe} or {@code synthesize} event gives back.
 */
final class Programs {
  /** openai/whisper's languages (its tokenizer's {@code LANGUAGES}), which multilingual Whisper models speak. */
  private static final List<String> WHISPER_LANGUAGES = List.of("en", "zh", "de", "es", "ru", "ko", "fr", "ja",
      "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da",
      "hu", "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr", "az",
      "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa", "si", "km",
      "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo", "ht", "ps", "tk", "nn",
      "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue");
  private static final String VERSION = Optional.ofNullable(Programs.class.getPackage().getImplementationVersion())
      .orElse("dev");

  private final List<ModelEntry> transcribers;
  private final List<ModelEntry> voices;
  private final ModelStore store;
  private final boolean streaming;

  Programs(List<ModelEntry> transcribers, List<ModelEntry> voices, ModelStore store, boolean streaming) {
    this.transcribers = transcribers;
    this.voices = voices;
    this.store = store;
    this.streaming = streaming;
  }

  /** The {@code ENGINE:MODEL} name a client uses for {@code entry}. */
  static String name(ModelEntry entry) {
    return entry.engine() + ":" + entry.model();
  }

  /** The entry of {@code entries} called {@code name}, by its full name or by its model alone. */
  static Optional<ModelEntry> find(List<ModelEntry> entries, String name) {
    return entries.stream().filter(e -> name(e).equals(name)).findFirst()
        .or(() -> entries.stream().filter(e -> e.model().equals(name)).findFirst());
  }

  /** The languages a voice speaks, read from its name: Piper's {@code en_US-lessac-medium}, espeak's {@code en-us}. */
  static String voiceLanguage(ModelEntry voice) {
    String model = voice.model().replace('\\', '/');
    String last = model.substring(model.lastIndexOf('/') + 1);
    if (last.matches("[a-z]{2,3}_[A-Z]{2}-.*")) {
      return last.substring(0, last.indexOf('-'));
    }
    return last.toLowerCase(Locale.ROOT).matches("[a-z]{2,3}(-[a-z0-9]+)*") ? last.toLowerCase(Locale.ROOT) : "en";
  }

  /** The {@code info} event. */
  Event info() {
    return Event.of("info", data -> {
      ArrayNode asr = data.putArray("asr");
      if (!transcribers.isEmpty()) {
        ObjectNode program = artifact(asr.addObject(), "speech4j", "speech4j speech-to-text", "speech4j");
        ArrayNode models = program.putArray("models");
        for (ModelEntry e : transcribers) {
          ObjectNode model = artifact(models.addObject(), name(e), "Whisper " + e.model() + " on " + e.engine(),
              e.engine());
          model.put("installed", installed(e));
          ArrayNode languages = model.putArray("languages");
          (englishOnly(e) ? List.of("en") : WHISPER_LANGUAGES).forEach(languages::add);
        }
        program.put("supports_transcript_streaming", streaming);
        program.put("requires_external_vad", true);
      }
      ArrayNode tts = data.putArray("tts");
      if (!voices.isEmpty()) {
        ObjectNode program = artifact(tts.addObject(), "speech4j", "speech4j text-to-speech", "speech4j");
        ArrayNode list = program.putArray("voices");
        for (ModelEntry v : voices) {
          ObjectNode voice = artifact(list.addObject(), name(v), v.model() + " on " + v.engine(), v.engine());
          voice.put("installed", installed(v));
          voice.putArray("languages").add(voiceLanguage(v));
          voice.putNull("speakers");
        }
        program.put("supports_synthesize_streaming", streaming);
      }
      for (String empty : List.of("handle", "intent", "wake", "mic", "snd")) {
        data.putArray(empty);
      }
    });
  }

  private static ObjectNode artifact(ObjectNode node, String name, String description, String engine) {
    node.put("name", name);
    ObjectNode attribution = node.putObject("attribution");
    switch (engine.startsWith("whisper") ? "whisper" : engine) {
      case "whisper" -> attribution.put("name", "OpenAI").put("url", "https://github.com/openai/whisper");
      case "piper" -> attribution.put("name", "Michael Hansen").put("url", "https://github.com/rhasspy/piper");
      case "espeak" -> attribution.put("name", "eSpeak NG").put("url", "https://github.com/espeak-ng/espeak-ng");
      default -> attribution.put("name", "speech4j").put("url", "https://github.com/speech4j/speech4j");
    }
    node.put("installed", true);
    node.put("description", description);
    node.put("version", VERSION);
    return node;
  }

  private boolean installed(ModelEntry entry) {
    return store.isLocal(entry.ref(), entry.engine());
  }

  private static boolean englishOnly(ModelEntry entry) {
    String model = entry.model().toLowerCase(Locale.ROOT);
    return model.contains(".en") || model.contains("-en/") || model.endsWith("-en") || model.contains("distil");
  }
}
