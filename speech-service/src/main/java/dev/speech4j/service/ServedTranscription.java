package dev.speech4j.service;

import dev.speech4j.stt.Transcription;
import java.util.List;

/**
 * A transcription with where it came from: the chain entry that served it, whether it came from the result cache,
 * and why the entries before it did not serve (empty when the first did).
 */
public record ServedTranscription(Transcription transcription, ModelEntry servedBy, boolean cached,
    List<String> skipped) {

  public ServedTranscription {
    skipped = List.copyOf(skipped);
  }
}
