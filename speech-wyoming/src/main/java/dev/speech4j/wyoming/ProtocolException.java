package dev.speech4j.wyoming;

import java.io.IOException;

/** A byte stream that breaks Wyoming's framing; the connection cannot go on after it. */
final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String code;

  ProtocolException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The {@code code} of the {@code error} event sent back. */
  String code() {
    return code;
  }
}
