package dev.speech4j.tts.piper.internal;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Piper voice's {@code .onnx.json}: sample rate, espeak-ng voice, inference defaults, speakers and the phoneme
 * id map.
 *
 * @param file where it was read from, for messages
 * @param phonemeIds ids of each single-code-point phoneme
 * @param maxId the largest id the map uses
 */
record PiperConfig(Path file, int sampleRate, String espeakVoice, float noiseScale, float lengthScale, float noiseW,
    int speakers, Map<String, Integer> speakerIds, Map<Integer, long[]> phonemeIds, long maxId) {
  static final String BOS = "^";
  static final String EOS = "$";
  static final String PAD = "_";
  private static final Logger LOG = LoggerFactory.getLogger(PiperConfig.class);

  /**
   * Reads and checks a config.
   *
   * @throws InvalidModelException naming the file if it is missing, not JSON, or lacks a required field
   */
  static PiperConfig read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidModelException("Piper voice config not found: " + file
          + ". A voice is a .onnx file with its .onnx.json beside it; download both");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(file, new Gson().fromJson(text, Object.class));
    } catch (JsonParseException | IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw new InvalidModelException("invalid Piper voice config " + file + ": " + e.getMessage(), e);
    }
  }

  private static PiperConfig parse(Path file, Object json) {
    Map<String, Object> root = object(json, "the file");
    String type = (String) root.getOrDefault("phoneme_type", "espeak");
    if (!type.equals("espeak")) {
      throw new IllegalArgumentException("phoneme_type '" + type + "' is not supported; only espeak voices are");
    }
    Map<String, Object> inference = object(root.getOrDefault("inference", Map.of()), "inference");
    Map<Integer, long[]> ids = new HashMap<>();
    long maxId = 0;
    for (Map.Entry<String, Object> e : object(required(root, "phoneme_id_map"), "phoneme_id_map").entrySet()) {
      List<?> list = (List<?>) e.getValue();
      long[] values = list.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
      for (long v : values) {
        if (v < 0) {
          throw new IllegalArgumentException("phoneme_id_map gives '" + e.getKey() + "' the negative id " + v);
        }
        maxId = Math.max(maxId, v);
      }
      if (e.getKey().codePointCount(0, e.getKey().length()) == 1) {
        ids.put(e.getKey().codePointAt(0), values);
      }
    }
    for (String symbol : List.of(BOS, EOS, PAD)) {
      if (!ids.containsKey(symbol.codePointAt(0))) {
        throw new IllegalArgumentException("phoneme_id_map has no '" + symbol + "'");
      }
    }
    Map<String, Integer> speakerIds = new TreeMap<>();
    object(root.getOrDefault("speaker_id_map", Map.of()), "speaker_id_map")
        .forEach((name, id) -> speakerIds.put(name, ((Number) id).intValue()));
    int sampleRate = ((Number) required(object(required(root, "audio"), "audio"), "sample_rate")).intValue();
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("audio.sample_rate must be positive, got " + sampleRate);
    }
    return new PiperConfig(file, sampleRate,
        (String) required(object(required(root, "espeak"), "espeak"), "voice"),
        number(inference, "noise_scale", 0.667), number(inference, "length_scale", 1.0),
        number(inference, "noise_w", 0.8), ((Number) root.getOrDefault("num_speakers", 1L)).intValue(),
        Map.copyOf(speakerIds), Map.copyOf(ids), maxId);
  }

  /**
   * Piper's model input for one sentence: BOS, then each phoneme's ids followed by the pad, then EOS. Phonemes the
   * voice does not know are dropped with a debug log.
   */
  long[] ids(String phonemes) {
    long[] pad = id(PAD);
    LongStream.Builder ids = LongStream.builder();
    add(ids, id(BOS));
    add(ids, pad);
    phonemes.codePoints().forEach(phoneme -> {
      long[] mapped = phonemeIds.get(phoneme);
      if (mapped == null) {
        LOG.debug("voice {} has no id for phoneme '{}' (U+{}); dropped", file, Character.toString(phoneme),
            Integer.toHexString(phoneme));
        return;
      }
      add(ids, mapped);
      add(ids, pad);
    });
    add(ids, id(EOS));
    return ids.build().toArray();
  }

  /**
   * The model's {@code sid} for a speaker given by name or number; -1 for a single-speaker voice.
   *
   * @throws InvalidOptionsException if the voice has no such speaker
   */
  long speakerId(String speaker) {
    if (speakers <= 1) {
      if (speaker != null && !speaker.equals("0")) {
        throw new InvalidOptionsException("voice " + file.getFileName() + " has a single speaker, so speaker '"
            + speaker + "' cannot be chosen");
      }
      return -1;
    }
    if (speaker == null) {
      return 0;
    }
    Integer named = speakerIds.get(speaker);
    if (named != null) {
      return named;
    }
    if (speaker.matches("\\d{1,9}") && Integer.parseInt(speaker) < speakers) {
      return Integer.parseInt(speaker);
    }
    throw new InvalidOptionsException("voice " + file.getFileName() + " has no speaker '" + speaker + "': give a "
        + "number from 0 to " + (speakers - 1) + " or a name such as " + speakerIds.keySet().stream().limit(5).toList());
  }

  private long[] id(String symbol) {
    return phonemeIds.get(symbol.codePointAt(0));
  }

  private static void add(LongStream.Builder ids, long[] values) {
    for (long v : values) {
      ids.add(v);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String name) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(name + " must be a JSON object");
    }
    return (Map<String, Object>) value;
  }

  private static Object required(Map<String, Object> object, String key) {
    Object value = object.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing \"" + key + "\"");
    }
    return value;
  }

  private static float number(Map<String, Object> object, String key, double fallback) {
    return ((Number) object.getOrDefault(key, fallback)).floatValue();
  }
}
