package dev.speech4j.server;

import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelDownloadException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.SpeechTimeoutException;
import dev.speech4j.UnsupportedAudioException;
import dev.speech4j.service.OverloadedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP error in OpenAI's shape: a status, and {@code {"error": {"message", "type", "param", "code"}}} as the body.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String param;
  private final String code;
  private final Duration retryAfter;

  ApiException(int status, String type, String param, String code, String message) {
    this(status, type, param, code, message, null);
  }

  private ApiException(int status, String type, String param, String code, String message, Duration retryAfter) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** A 400 for a bad request field. */
  static ApiException badRequest(String param, String message) {
    return new ApiException(400, "invalid_request_error", param, null, message);
  }

  /** The error a failure of the service or of its engines is sent as. */
  static ApiException of(Throwable e) {
    if (e instanceof ApiException api) {
      return api;
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof UnsupportedAudioException) {
      return new ApiException(400, "invalid_request_error", "file", "unsupported_audio", message);
    }
    if (e instanceof InvalidAudioException) {
      return new ApiException(400, "invalid_request_error", "file", "invalid_audio", message);
    }
    if (e instanceof InvalidOptionsException) {
      return new ApiException(400, "invalid_request_error", null, "invalid_value", message);
    }
    if (e instanceof ModelNotFoundException) {
      return new ApiException(404, "invalid_request_error", "model", "model_not_found", message);
    }
    if (e instanceof OverloadedException o) {
      return new ApiException(429, "requests", null, "rate_limit_exceeded", message, o.retryAfter());
    }
    if (e instanceof SpeechCancelledException) {
      return new ApiException(503, "server_error", null, "cancelled", message);
    }
    if (e instanceof SpeechTimeoutException) {
      return new ApiException(504, "server_error", null, "timeout", message);
    }
    if (e instanceof EngineUnavailableException || e instanceof ModelDownloadException
        || e instanceof InvalidModelException) {
      return new ApiException(503, "server_error", null, "engine_unavailable", message);
    }
    return new ApiException(500, "server_error", null, null, "the server failed: " + message);
  }

  int status() {
    return status;
  }

  /** Seconds for a {@code Retry-After} header, for errors that have one. */
  Optional<Long> retryAfterSeconds() {
    return Optional.ofNullable(retryAfter).map(d -> Math.max(1, d.toSeconds()));
  }

  /** The body: {@code {"error": {...}}}. */
  Map<String, Object> body() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", getMessage());
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return Map.of("error", error);
  }
}
