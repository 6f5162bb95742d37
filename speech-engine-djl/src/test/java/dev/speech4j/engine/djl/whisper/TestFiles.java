package dev.speech4j.engine.djl.whisper;

import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** Test inputs: the shared Whisper assets and committed fixtures. */
final class TestFiles {
  private TestFiles() {}

  static Path assets() {
    return SharedData.root().resolve("models/whisper-assets");
  }

  /** {@code mel_80} or {@code mel_128} from the shared {@code mel_filters.npz} (float32 .npy entries). */
  static float[] melFilters(int nMels) {
    try (ZipFile zip = new ZipFile(assets().resolve("mel_filters.npz").toFile());
        InputStream in = zip.getInputStream(zip.getEntry("mel_" + nMels + ".npy"))) {
      byte[] bytes = in.readAllBytes();
      int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
      String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
      if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
        throw new IllegalStateException("unexpected npy header " + header);
      }
      return floats(ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A committed little-endian float32 fixture, e.g. {@code whisper/micro-en/mel.f32}; null if absent. */
  static float[] fixtureFloats(String name) {
    try (InputStream in = TestFiles.class.getResourceAsStream("/" + name)) {
      return in == null ? null : floats(ByteBuffer.wrap(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String fixtureText(String name) {
    try (InputStream in = TestFiles.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A float32 file on disk; null if absent. */
  static float[] floats(Path file) {
    if (!java.nio.file.Files.exists(file)) {
      return null;
    }
    try {
      return floats(ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static float[] floats(ByteBuffer buffer) {
    float[] out = new float[buffer.remaining() / 4];
    buffer.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
