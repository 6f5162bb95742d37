package dev.speech4j.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Finished transcriptions by a hash of the decoded audio, the chain and the options, bounded by an estimate of
 * their size in bytes and by a time to live.
 */
final class ResultCache {
  /** What a result depends on. */
  record Key(String audioSha256, String chain, TranscriptionOptions options) {}

  private final Cache<Key, ServedTranscription> cache;

  ResultCache(long maxBytes, Duration ttl) {
    cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Key key, ServedTranscription t) -> weight(t.transcription()))
        .expireAfterWrite(ttl)
        .build();
  }

  static Key key(SpeechAudio audio, String chain, TranscriptionOptions options) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    float[] samples = audio.samples();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    buffer.putInt(audio.sampleRate());
    for (float sample : samples) {
      if (buffer.remaining() < Float.BYTES) {
        sha.update(buffer.flip());
        buffer.clear();
      }
      buffer.putFloat(sample);
    }
    sha.update(buffer.flip());
    return new Key(HexFormat.of().formatHex(sha.digest()), chain, options);
  }

  Optional<ServedTranscription> get(Key key) {
    return Optional.ofNullable(cache.getIfPresent(key));
  }

  void put(Key key, ServedTranscription result) {
    cache.put(key, result);
  }

  /** Entries now held (after pending evictions run). */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** A rough size in bytes: strings, token lists and words. */
  static int weight(Transcription t) {
    long bytes = 128;
    for (Segment s : t.segments()) {
      bytes += 160 + 2L * s.text().length() + 16L * s.tokens().size() + 64L * s.words().size();
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
