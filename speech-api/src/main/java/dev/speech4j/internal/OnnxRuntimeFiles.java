package dev.speech4j.internal;

import dev.speech4j.EngineUnavailableException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Creates ONNX Runtime's environment so that the JVM leaves no files behind, for the engine modules that use ORT
 * (a qualified export; speech-api itself does not depend on ORT, it only knows where ORT's jar keeps its files).
 *
 * <p>ORT 1.29 leaves two kinds of litter in the temp directory. Its Java loader copies the native libraries into an
 * {@code onnxruntime-java*} directory and marks it for deletion on exit before the files in it, so the JVM finds it
 * not empty and leaves it. So the libraries are loaded through {@link NativeLibraries}.
 *
 * <p>Its telemetry (the Microsoft 1DS SDK, on by default on Linux and macOS) is worse than litter. Creating the
 * environment records the process's command line, and on a long one (12 KB, a long class path does it) that
 * recursion overflows the thread's stack and kills the JVM with SIGSEGV; it also opens {@code mat-debug-<pid>.log}
 * and {@code .ses} in {@code $TMPDIR} and a database under {@code ~/.cache/Microsoft}. It obeys only the environment
 * variable {@code ORT_DISABLE_TELEMETRY}, read when the environment is created, so that variable is set in the
 * process's own C environment first (through JNA; a value the user set is kept). Should that fail, the telemetry
 * files made by the creation are still deleted at once, and the caller switches telemetry events off.
 */
public final class OnnxRuntimeFiles {
  private static Object environment;

  private OnnxRuntimeFiles() {}

  /**
   * ORT's process-wide environment ({@code OrtEnvironment.getEnvironment()}, called reflectively, since speech-api
   * does not depend on ORT), made on first use with ORT's libraries loaded from a private copy, telemetry events off
   * and the telemetry files it left deleted. What every engine on ORT calls.
   *
   * @param type {@code OrtEnvironment.class}, whose jar holds the native libraries
   * @throws EngineUnavailableException if ONNX Runtime cannot load on this platform
   */
  public static synchronized <T> T environment(Class<T> type) {
    if (environment == null) {
      Callable<T> create = () -> {
        T env = type.cast(type.getMethod("getEnvironment").invoke(null));
        type.getMethod("setTelemetry", boolean.class).invoke(env, false);
        return env;
      };
      try {
        environment = create(type, create);
      } catch (Exception | LinkageError e) {
        throw new EngineUnavailableException("ONNX Runtime cannot load here (" + e + "); it ships native "
            + "libraries for Linux x64/aarch64, macOS arm64 and Windows x64 in com.microsoft.onnxruntime:onnxruntime", e);
      }
    }
    return type.cast(environment);
  }

  private static <T> T create(Class<T> ortClass, Callable<T> create) throws Exception {
    ProcessEnvironment.setIfUnset("ORT_DISABLE_TELEMETRY", "1");
    String telemetryLog = "mat-debug-" + ProcessHandle.current().pid() + ".log";
    List<String> libraries = List.of(library("onnxruntime"), library("onnxruntime4j_jni"));
    return NativeLibraries.deletingTempLitter(name -> name.equals(telemetryLog) || name.equals(".ses"),
        () -> NativeLibraries.load(ortClass, "/ai/onnxruntime/native/" + platform(), libraries,
            "onnxruntime.native.path", create));
  }

  private static String library(String name) {
    return System.mapLibraryName(name).replace(".jnilib", ".dylib");
  }

  /** ORT's name for this platform's folder of native libraries, e.g. {@code linux-x64}. */
  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osName = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "win" : os;
    String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch;
    return osName + "-" + archName;
  }
}
