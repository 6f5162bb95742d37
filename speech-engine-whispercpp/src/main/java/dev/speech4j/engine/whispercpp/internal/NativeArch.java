package dev.speech4j.engine.whispercpp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The CPU architecture of this JVM and of a native library file (ELF or Mach-O header). */
final class NativeArch {
  private NativeArch() {}

  /** {@code x86-64}, {@code aarch64}, {@code arm} or {@code x86}, else the JVM's own {@code os.arch}. */
  static String current() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "x86-64";
      case "aarch64", "arm64" -> "aarch64";
      case "arm", "armv7l" -> "arm";
      case "x86", "i386", "i686" -> "x86";
      default -> arch;
    };
  }

  /** The architecture a library is built for, or null when its header is not ELF or Mach-O. */
  static String of(Path library) {
    byte[] head = new byte[20];
    try (InputStream in = Files.newInputStream(library)) {
      if (in.readNBytes(head, 0, head.length) < head.length) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    ByteBuffer le = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    if (head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
      return switch (le.getShort(18)) {
        case 0x3e -> "x86-64";
        case 0xb7 -> "aarch64";
        case 0x28 -> "arm";
        case 0x03 -> "x86";
        default -> "ELF machine " + le.getShort(18);
      };
    }
    if (le.getInt(0) == 0xfeedfacf) {
      return switch (le.getInt(4)) {
        case 0x01000007 -> "x86-64";
        case 0x0100000c -> "aarch64";
        default -> "Mach-O CPU " + le.getInt(4);
      };
    }
    return null;
  }
}
