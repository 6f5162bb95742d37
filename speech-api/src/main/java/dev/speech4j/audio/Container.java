package dev.speech4j.audio;

import java.nio.charset.StandardCharsets;

/** Audio containers recognised from their first bytes. */
enum Container {
  WAV("WAV"),
  FLAC("FLAC"),
  MP3("MP3"),
  OGG("Ogg (Vorbis/Opus)"),
  MATROSKA("WebM/Matroska"),
  MP4("MP4/M4A"),
  UNKNOWN("an unrecognised format");

  private final String label;

  Container(String label) {
    this.label = label;
  }

  /** A human name for messages. */
  String label() {
    return label;
  }

  static Container sniff(byte[] head) {
    String ascii = new String(head, StandardCharsets.ISO_8859_1);
    if (ascii.startsWith("RIFF") || ascii.startsWith("RF64") || ascii.startsWith("BW64")) {
      return WAV;
    }
    if (ascii.startsWith("fLaC")) {
      return FLAC;
    }
    if (ascii.startsWith("ID3") || (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0)) {
      return MP3;
    }
    if (ascii.startsWith("OggS")) {
      return OGG;
    }
    if (head.length >= 4 && (head[0] & 0xFF) == 0x1A && (head[1] & 0xFF) == 0x45 && (head[2] & 0xFF) == 0xDF
        && (head[3] & 0xFF) == 0xA3) {
      return MATROSKA;
    }
    if (ascii.length() >= 8 && ascii.startsWith("ftyp", 4)) {
      return MP4;
    }
    return UNKNOWN;
  }
}
