package dev.speech4j.tts.piper.internal;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's process-wide environment. Creating it makes ORT 1.29's telemetry open an empty
 * {@code mat-debug-<pid>.log} in the temporary directory; it is deleted at once so the JVM leaves no file behind.
 */
final class OrtRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(OrtRuntime.class);

  private OrtRuntime() {}

  static OrtEnvironment environment() {
    return Holder.ENVIRONMENT;
  }

  private static final class Holder {
    static final OrtEnvironment ENVIRONMENT = create();

    private static OrtEnvironment create() {
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      String log = "mat-debug-" + ProcessHandle.current().pid() + ".log";
      Stream.of(System.getenv("TMPDIR"), System.getProperty("java.io.tmpdir"), "/tmp")
          .filter(dir -> dir != null && !dir.isBlank())
          .map(dir -> Path.of(dir, log))
          .forEach(OrtRuntime::deleteIfEmpty);
      return environment;
    }
  }

  private static void deleteIfEmpty(Path file) {
    try {
      if (Files.isRegularFile(file) && Files.size(file) == 0) {
        Files.delete(file);
      }
    } catch (IOException e) {
      LOG.debug("cannot delete ONNX Runtime's {}: {}", file, e.toString());
    }
  }
}
