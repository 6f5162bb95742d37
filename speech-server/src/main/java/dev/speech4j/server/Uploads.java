package dev.speech4j.server;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads the fields of a multipart request: the audio file, decoded and bounded, and typed form fields. */
final class Uploads {
  /** The sample rate uploads are decoded to: what the engines take. */
  static final int RATE = 16_000;
  /** The longest audio a request may carry, decoded; longer uploads are refused before they fill memory. */
  static final int MAX_SECONDS = 3 * 3600;
  /** The most samples allocated before any arrive: four minutes. */
  private static final int FIRST_BUFFER = 4 * 60 * RATE;

  private Uploads() {}

  /** The {@code file} field's audio, mono at 16 kHz. */
  static SpeechAudio audio(Context ctx) {
    if (!ctx.isMultipartFormData()) {
      throw ApiException.badRequest(null, "this endpoint takes multipart/form-data with the audio in a 'file' field");
    }
    UploadedFile file = ctx.uploadedFile("file");
    if (file == null) {
      throw ApiException.badRequest("file", "the 'file' field with the audio is missing");
    }
    if (file.size() == 0) {
      throw new ApiException(400, "invalid_request_error", "file", "invalid_audio", "the uploaded file is empty");
    }
    try (InputStream in = file.content(); AudioSource source = Audio.open(in).mono().resample(RATE)) {
      return read(source, file.filename());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the upload: " + e.getMessage(), e);
    }
  }

  private static SpeechAudio read(AudioSource source, String name) {
    long limit = (long) MAX_SECONDS * RATE;
    if (source.frameCount() > limit) {
      throw tooLong(name);
    }
    // the header's length is the sender's claim: start small and grow as samples really arrive
    float[] all = new float[(int) Math.min(FIRST_BUFFER, source.frameCount() > 0 ? source.frameCount() : 30L * RATE)];
    float[] chunk = new float[RATE];
    int frames = 0;
    for (int n; (n = source.read(chunk)) > 0; frames += n) {
      if (frames + n > limit) {
        throw tooLong(name);
      }
      if (frames + n > all.length) {
        all = Arrays.copyOf(all, (int) Math.min(limit, Math.max(frames + n, 2L * all.length)));
      }
      System.arraycopy(chunk, 0, all, frames, n);
    }
    if (frames == 0) {
      throw new InvalidAudioException("the uploaded audio '" + name + "' has no samples");
    }
    return SpeechAudio.of(frames == all.length ? all : Arrays.copyOf(all, frames), RATE);
  }

  private static ApiException tooLong(String name) {
    return new ApiException(413, "invalid_request_error", "file", "audio_too_long", "the uploaded audio '" + name
        + "' is longer than " + MAX_SECONDS / 3600 + " hours");
  }

  /** A form field, or null when absent or blank. */
  static String text(Context ctx, String name) {
    String value = ctx.formParam(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** A true/false form field; {@code fallback} when absent. */
  static boolean bool(Context ctx, String name, boolean fallback) {
    String value = text(ctx, name);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw ApiException.badRequest(name, name + " must be true or false, got '" + value + "'");
    };
  }

  /** A number field within [min, max]; null when absent. */
  static Double number(Context ctx, String name, double min, double max) {
    String value = text(ctx, name);
    if (value == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(value);
      if (d >= min && d <= max) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(name, name + " must be a number in [" + min + ", " + max + "], got '" + value
        + "'");
  }

  /** A repeated field, sent as {@code name[]} or {@code name}. */
  static List<String> list(Context ctx, String name) {
    List<String> values = ctx.formParams(name + "[]");
    return values.isEmpty() ? ctx.formParams(name) : values;
  }
}
