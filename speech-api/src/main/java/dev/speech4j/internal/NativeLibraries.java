package dev.speech4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads native libraries that ship inside a jar without leaving copies in the temp directory: the libraries are
 * copied to a private directory, loaded by the caller's loader, and deleted at once (a loaded library needs no file
 * on Linux or macOS). For the engine modules only (a qualified export).
 */
public final class NativeLibraries {
  private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);

  private NativeLibraries() {}

  /**
   * Copies {@code libraries} (file names, e.g. {@code libonnxruntime.so}) from the resource folder
   * {@code resourceDir} of {@code anchor}'s jar into a new temporary directory, sets the system property
   * {@code pathProperty} to it, runs {@code loader}, then clears the property and deletes the copies. Where a
   * library is missing from the jar, or on Windows (which cannot delete a loaded library), {@code loader} runs
   * alone and uses the library's own mechanism.
   */
  public static <T> T load(Class<?> anchor, String resourceDir, List<String> libraries, String pathProperty,
      Callable<T> loader) throws Exception {
    Path dir = System.getProperty(pathProperty) == null && !isWindows() ? extract(anchor, resourceDir, libraries)
        : null;
    if (dir == null) {
      return loader.call();
    }
    System.setProperty(pathProperty, dir.toString());
    try {
      return loader.call();
    } finally {
      System.clearProperty(pathProperty);
      deleteTree(dir);
    }
  }

  /**
   * Runs {@code body} (native code that leaves files in the temp directory as a side effect, such as ORT's
   * telemetry log or libpulse's runtime folder) and then deletes the entries of {@link #nativeTempDir()} that it
   * created and whose names {@code litter} accepts; a folder only if it is empty.
   */
  public static <T> T deletingTempLitter(Predicate<String> litter, Callable<T> body) throws Exception {
    Path tmp = nativeTempDir();
    Set<Path> before = entries(tmp, litter);
    T result = body.call();
    for (Path entry : entries(tmp, litter)) {
      if (!before.contains(entry)) {
        try {
          Files.deleteIfExists(entry);
        } catch (IOException e) {
          LOG.debug("left {} in the temp directory: {}", entry, e.toString());
        }
      }
    }
    return result;
  }

  private static Set<Path> entries(Path dir, Predicate<String> names) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (var files = Files.list(dir)) {
      return files.filter(f -> names.test(f.getFileName().toString())).collect(Collectors.toSet());
    }
  }

  /** Where native code puts temporary files: {@code $TMPDIR}, else {@code /tmp}. */
  public static Path nativeTempDir() {
    String tmp = System.getenv("TMPDIR");
    return Path.of(tmp == null || tmp.isEmpty() ? "/tmp" : tmp);
  }

  /** Deletes a directory and the files directly in it, logging (not throwing) what cannot be deleted. */
  public static void deleteTree(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete the temporary native libraries in {}: {}", dir, e.toString());
    }
  }

  private static Path extract(Class<?> anchor, String resourceDir, List<String> libraries) throws IOException {
    List<String> resources = new ArrayList<>();
    for (String library : libraries) {
      String resource = resourceDir + "/" + library;
      if (anchor.getResource(resource) == null) {
        return null;
      }
      resources.add(resource);
    }
    Path dir = Files.createTempDirectory("speech4j-native");
    try {
      for (int i = 0; i < libraries.size(); i++) {
        try (InputStream in = anchor.getResourceAsStream(resources.get(i))) {
          Files.copy(in, dir.resolve(libraries.get(i)));
        }
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
    return dir;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
  }
}
