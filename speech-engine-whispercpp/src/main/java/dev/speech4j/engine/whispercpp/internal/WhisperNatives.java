package dev.speech4j.engine.whispercpp.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.speech4j.EngineUnavailableException;
import io.github.givimad.whisperjni.WhisperJNI;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, unpacks and loads whisper.cpp, once per JVM.
 *
 * <p>By default the whisper.cpp 1.7.1 CPU build bundled in whisper-jni's jar: on x86-64 its AVX2 build, or the
 * plain one when the CPU lacks AVX2, FMA or F16C. The libraries are copied once into a per-user cache
 * ({@code ~/.cache/speech4j/natives/whisper-cpp-1.7.1-HASH}, or {@code -Dspeech4j.natives=DIR}), never into the
 * temp directory. A user-built {@code libwhisper} (CUDA, Vulkan, ...) replaces it through the system property
 * {@value #NATIVE_PROPERTY} or the engine property {@code whisper-cpp.native}.
 */
final class WhisperNatives {
  static final String NATIVE_PROPERTY = "speech4j.whisper-cpp.native";
  static final String VERSION = "1.7.1";
  private static final Logger LOG = LoggerFactory.getLogger(WhisperNatives.class);
  private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
  // kept reachable for as long as whisper.cpp may call it
  private static final WhisperLibrary.LogCallback LOG_CALLBACK = WhisperNatives::log;

  private static Loaded loaded;

  private WhisperNatives() {}

  /** The loaded library and where it came from. */
  record Loaded(WhisperLibrary library, Path file, String build) {}

  /**
   * Loads the library: {@code custom} when not null, else the system property, else the bundled build.
   *
   * @throws EngineUnavailableException with the reason: an unsupported platform, a file not found, a wrong
   *     architecture, another library already loaded, or a library that is not whisper.cpp 1.7
   */
  static synchronized Loaded load(String custom) {
    String wanted = custom != null ? custom : System.getProperty(NATIVE_PROPERTY);
    Path customFile = wanted == null ? null : customLibrary(Path.of(wanted));
    if (loaded != null) {
      if (wanted != null && !Path.of(wanted).toAbsolutePath().equals(loaded.file)) {
        throw new EngineUnavailableException("whisper.cpp is already loaded from " + loaded.file + " in this JVM; "
            + "one whisper.cpp library per process, so " + wanted + " cannot be loaded as well");
      }
      return loaded;
    }
    String variant = wanted != null ? "custom" : bundledVariant();
    Path file = customFile != null ? customFile : bundledLibrary(variant);
    WhisperLibrary library;
    try {
      library = Native.load(file.toString(), WhisperLibrary.class);
    } catch (UnsatisfiedLinkError e) {
      throw new EngineUnavailableException("cannot load whisper.cpp from " + file + ": " + e.getMessage()
          + (wanted != null ? "; build it as the whisper-cpp README shows" : ""), e);
    }
    checkAbi(library, file);
    library.whisper_log_set(LOG_CALLBACK, null);
    loaded = new Loaded(library, file.toAbsolutePath(), variant);
    LOG.debug("whisper.cpp loaded from {}: {}", file, library.whisper_print_system_info());
    return loaded;
  }

  /** The last error whisper.cpp logged on this thread since the previous call, or an empty string. */
  static String takeLastError() {
    String error = LAST_ERROR.get();
    LAST_ERROR.remove();
    return error == null ? "" : error;
  }

  private static void log(int level, Pointer text, Pointer userData) {
    String line = text == null ? "" : text.getString(0, StandardCharsets.UTF_8.name()).strip();
    if (line.isEmpty()) {
      return;
    }
    if (level == 3) {
      LAST_ERROR.set(line);
      LOG.warn("whisper.cpp: {}", line);
    } else {
      LOG.debug("whisper.cpp: {}", line);
    }
  }

  private static Path customLibrary(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new EngineUnavailableException("whisper.cpp library not found: " + file.toAbsolutePath()
          + " (set by " + NATIVE_PROPERTY + " or the engine property whisper-cpp.native) is not a file");
    }
    String arch = NativeArch.of(file);
    String here = NativeArch.current();
    if (arch != null && !arch.equals(here)) {
      throw new EngineUnavailableException("whisper.cpp library " + file + " is built for " + arch
          + ", but this JVM runs on " + here + ": build it for " + here);
    }
    return file;
  }

  private static Path bundledLibrary(String ggml) {
    String platform = bundledPlatform();
    List<String> names = List.of(ggml, "libwhisper.so.1");
    byte[][] contents = new byte[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      contents[i] = resource(platform + "/" + names.get(i));
    }
    Path dir = cacheRoot().resolve("whisper-cpp-" + VERSION + "-" + hash(contents));
    Path whisper = dir.resolve("libwhisper.so.1");
    if (!Files.isRegularFile(whisper)) {
      unpack(dir, List.of("libggml.so", "libwhisper.so.1"), contents);
    }
    return whisper;
  }

  /** Writes the libraries into a fresh sibling folder, then renames it into place, so readers never see half. */
  private static void unpack(Path dir, List<String> names, byte[][] contents) {
    Path staging = null;
    try {
      Files.createDirectories(dir.getParent());
      staging = Files.createTempDirectory(dir.getParent(), ".unpacking-");
      for (int i = 0; i < names.size(); i++) {
        Files.write(staging.resolve(names.get(i)), contents[i]);
      }
      try {
        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        staging = null;
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        LOG.debug("another process unpacked {} first", dir);
      } catch (IOException e) {
        if (!Files.isDirectory(dir)) {
          throw e;
        }
      }
    } catch (IOException e) {
      throw new EngineUnavailableException("cannot unpack whisper.cpp into " + dir + ": " + e
          + "; make it writable or set -Dspeech4j.natives=DIR", e);
    } finally {
      if (staging != null) {
        deleteQuietly(staging, names);
      }
    }
  }

  private static void deleteQuietly(Path dir, List<String> names) {
    try {
      for (String name : names) {
        Files.deleteIfExists(dir.resolve(name));
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.debug("could not remove {}: {}", dir, e.toString());
    }
  }

  static Path cacheRoot() {
    String configured = System.getProperty("speech4j.natives");
    if (configured != null) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    String home = System.getenv("HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache");
    return cache.resolve("speech4j").resolve("natives");
  }

  private static String bundledPlatform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = NativeArch.current();
    if (os.contains("linux") && arch.equals("x86-64")) {
      return "debian-amd64";
    }
    if (os.contains("linux") && arch.equals("aarch64")) {
      return "debian-arm64";
    }
    throw new EngineUnavailableException("the bundled whisper.cpp covers Linux on x86-64 and aarch64, not "
        + System.getProperty("os.name") + " on " + arch + ": build libwhisper for this platform and set "
        + NATIVE_PROPERTY + " (see the whisper-cpp README)");
  }

  private static String bundledVariant() {
    return bundledVariant(NativeArch.current(), CpuFlags.read());
  }

  /** The bundled ggml build a CPU can run: AVX2 (with FMA and F16C) or plain on x86-64; FP16 or not on ARM. */
  static String bundledVariant(String arch, CpuFlags cpu) {
    if (arch.equals("aarch64")) {
      return cpu.contains("fphp") ? "libggml+fp16.so" : "libggml+crc.so";
    }
    List<String> missing = cpu.missing(List.of("avx", "avx2", "fma", "f16c"));
    if (missing.isEmpty()) {
      return "libggml+mf16c+mfma+mavx+mavx2.so";
    }
    LOG.info("this CPU lacks {}: using whisper.cpp's plain build, which is slower", missing);
    return "libggml.so";
  }

  private static byte[] resource(String name) {
    try (InputStream in = WhisperJNI.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new EngineUnavailableException(name + " is missing from the whisper-jni jar: put "
            + "io.github.givimad:whisper-jni:" + VERSION + " on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new EngineUnavailableException("cannot read " + name + " from the whisper-jni jar: " + e, e);
    }
  }

  private static String hash(byte[][] contents) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] c : contents) {
        sha.update(c);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads whisper.cpp's default decoding parameters through this binding's structure and checks the values that
   * 1.7.x sets: a library of another version would have another layout, and passing it a struct of the wrong
   * shape could crash the JVM.
   */
  private static void checkAbi(WhisperLibrary library, Path file) {
    Pointer p;
    try {
      p = library.whisper_full_default_params_by_ref(WhisperLibrary.SAMPLING_BEAM_SEARCH);
    } catch (UnsatisfiedLinkError e) {
      throw new EngineUnavailableException(file + " is not a whisper.cpp library: " + e.getMessage(), e);
    }
    try {
      WhisperLibrary.FullParams d = new WhisperLibrary.FullParams.ByValue(p);
      boolean matches = d.strategy == WhisperLibrary.SAMPLING_BEAM_SEARCH && d.n_max_text_ctx == 16384
          && d.thold_pt == 0.01f && d.thold_ptsum == 0.01f && d.max_initial_ts == 1.0f && d.length_penalty == -1f
          && d.temperature_inc == 0.2f && d.entropy_thold == 2.4f && d.logprob_thold == -1f
          && d.no_speech_thold == 0.6f && d.beam_search_beam_size == 5 && d.grammar_penalty == 100f;
      if (!matches) {
        throw new EngineUnavailableException(file + " does not have the whisper_full_params layout of whisper.cpp "
            + "1.7.1, which this engine is built against: build whisper.cpp v" + VERSION);
      }
    } finally {
      library.whisper_free_params(p);
    }
  }
}
