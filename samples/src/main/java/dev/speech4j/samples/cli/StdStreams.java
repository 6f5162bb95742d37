package dev.speech4j.samples.cli;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.audio.WavEncoding;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The command line's {@code -}: standard input where audio is read, standard output where a WAV is written. */
final class StdStreams {
  private StdStreams() {}

  static boolean isDash(Path path) {
    return path.toString().equals("-");
  }

  /** Opens {@code input}, or standard input for {@code -} (left open for the JVM). */
  static AudioSource open(Path input) {
    if (!isDash(input)) {
      return Audio.open(input);
    }
    return Audio.open(new FilterInputStream(System.in) {
      @Override
      public void close() {
        // standard input belongs to the JVM
      }
    });
  }

  /** Writes {@code audio} as a WAV file, or to standard output for {@code -}. */
  static void write(SpeechAudio audio, Path output, WavEncoding encoding) {
    if (!isDash(output)) {
      Audio.write(audio, output, encoding);
      return;
    }
    FilterOutputStream out = new FilterOutputStream(System.out) {
      @Override
      public void close() throws IOException {
        flush();
      }
    };
    Audio.write(audio, out, encoding);
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to standard output: " + e.getMessage(), e);
    }
  }
}
