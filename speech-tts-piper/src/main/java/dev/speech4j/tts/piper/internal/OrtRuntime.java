package dev.speech4j.tts.piper.internal;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's process-wide environment, created so that the JVM leaves no files behind. ORT 1.29 leaves two:
 * its telemetry opens an empty {@code mat-debug-<pid>.log} in the temporary directory, and its loader extracts the
 * native libraries into an {@code onnxruntime-java*} directory whose delete-on-exit runs before its files' and so
 * fails. Both are deleted as soon as the environment exists (a loaded library needs no file on Linux or macOS; where
 * deleting fails, it is logged at debug level).
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
          .filter(file -> Files.isRegularFile(file) && size(file) == 0)
          .forEach(OrtRuntime::delete);
      libraryDirectory().filter(Files::isDirectory).ifPresent(OrtRuntime::deleteTree);
      return environment;
    }
  }

  /** The directory ORT extracted its libraries into (a private field of its loader). */
  static Optional<Path> libraryDirectory() {
    try {
      Field field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
      field.setAccessible(true);
      return Optional.ofNullable((Path) field.get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("cannot find ONNX Runtime's library directory: {}", e.toString());
      return Optional.empty();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(OrtRuntime::delete);
    } catch (IOException e) {
      LOG.debug("cannot list {}: {}", dir, e.toString());
    }
    delete(dir);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot delete ONNX Runtime's {}: {}", file, e.toString());
    }
  }
}
