package dev.speech4j.engine.djl.silero;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.speech4j.EngineUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's ONNX Runtime environment, created so that the JVM leaves no files in the temp directory.
 *
 * <p>ONNX Runtime 1.29 leaves two kinds of litter there. Its Java loader copies the native libraries into a new
 * {@code onnxruntime-java*} directory and marks the directory for deletion on exit before the files in it, so
 * the JVM, which deletes in reverse order, finds it not empty and leaves it behind. And its telemetry (the
 * Microsoft 1DS SDK, on by default on Linux and macOS) opens an empty debug log {@code mat-debug-<pid>.log} and a
 * session file {@code .ses} in {@code $TMPDIR} (else {@code /tmp}) when the environment is created. Telemetry
 * reads only the environment variable {@code ORT_DISABLE_TELEMETRY}, which a running JVM cannot set.
 *
 * <p>So, on POSIX systems, the libraries are copied by this class and ORT is pointed at them with its
 * {@code onnxruntime.native.path} property; once loaded they are deleted (the loader's own directory is then
 * empty and goes on exit). The telemetry files that the environment's creation made are deleted at once, and
 * telemetry events are switched off. Set {@code ORT_DISABLE_TELEMETRY=1} to keep telemetry from starting at all
 * (it also keeps a device id in {@code ~/.cache/Microsoft/DeveloperTools}).
 */
final class OrtRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(OrtRuntime.class);
  private static final String NATIVE_PATH = "onnxruntime.native.path";
  private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};

  private static OrtEnvironment environment;

  private OrtRuntime() {}

  /**
   * The shared environment, created on first use.
   *
   * @throws EngineUnavailableException if ONNX Runtime cannot load on this platform
   */
  static synchronized OrtEnvironment environment() {
    if (environment == null) {
      try {
        environment = create();
      } catch (IOException | OrtException | LinkageError | IllegalStateException e) {
        throw new EngineUnavailableException("ONNX Runtime cannot load here (" + e + "); it ships native "
            + "libraries for Linux x64/aarch64, macOS arm64 and Windows x64 in com.microsoft.onnxruntime:onnxruntime", e);
      }
    }
    return environment;
  }

  private static OrtEnvironment create() throws IOException, OrtException {
    Path tempDir = nativeTempDir();
    boolean hadSessionFile = Files.exists(tempDir.resolve(".ses"));
    Path libraries = System.getProperty(NATIVE_PATH) == null ? extractLibraries() : null;
    OrtEnvironment env;
    try {
      env = OrtEnvironment.getEnvironment();
    } finally {
      if (libraries != null) {
        System.clearProperty(NATIVE_PATH);
        deleteTree(libraries);
      }
    }
    env.setTelemetry(false);
    Files.deleteIfExists(tempDir.resolve("mat-debug-" + ProcessHandle.current().pid() + ".log"));
    if (!hadSessionFile) {
      Files.deleteIfExists(tempDir.resolve(".ses"));
    }
    return env;
  }

  /** Where native code puts temporary files: {@code $TMPDIR}, else {@code /tmp}. */
  static Path nativeTempDir() {
    String tmp = System.getenv("TMPDIR");
    return Path.of(tmp == null || tmp.isEmpty() ? "/tmp" : tmp);
  }

  /**
   * Copies ORT's native libraries for this platform out of its jar into a new directory and points ORT at it;
   * null where a loaded library cannot be deleted (Windows) or the jar has none for this platform.
   */
  private static Path extractLibraries() throws IOException {
    String platform = platform();
    if (platform == null || platform.startsWith("win")) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String library : LIBRARIES) {
      String name = System.mapLibraryName(library).replace(".jnilib", ".dylib");
      if (OrtEnvironment.class.getResource(resource(platform, name)) == null) {
        return null;
      }
      names.add(name);
    }
    Path dir = Files.createTempDirectory("speech4j-ort");
    try {
      for (String name : names) {
        try (InputStream in = OrtEnvironment.class.getResourceAsStream(resource(platform, name))) {
          Files.copy(in, dir.resolve(name));
        }
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
    System.setProperty(NATIVE_PATH, dir.toString());
    return dir;
  }

  private static String resource(String platform, String name) {
    return "/ai/onnxruntime/native/" + platform + "/" + name;
  }

  /** ORT's name for this platform's folder of native libraries, e.g. {@code linux-x64}; null if unknown. */
  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osName = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "win" : null;
    String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
    return osName == null || archName == null ? null : osName + "-" + archName;
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete the temporary copy of ONNX Runtime in {}: {}", dir, e.toString());
    }
  }
}
