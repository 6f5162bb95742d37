package dev.speech4j.audio;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.speech4j.SpeechException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

/**
 * Feeds arbitrary bytes to the WAV reader: it must decode them or reject them with a {@link SpeechException}; any
 * other exception or an out-of-memory error is a bug. {@code mvn test} replays the inputs in
 * {@code WavReaderFuzzTestInputs/fuzz}; {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}.
 */
class WavReaderFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void fuzz(byte[] data) {
    if (Container.sniff(Arrays.copyOf(data, Math.min(data.length, 12))) != Container.WAV) {
      return; // other containers belong to their own readers
    }
    try (AudioSource source = Audio.open(new ByteArrayInputStream(data))) {
      source.readAll();
    } catch (SpeechException rejected) {
      // a typed rejection of bad input is the contract
    }
  }
}
