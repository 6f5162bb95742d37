package dev.speech4j.tts.piper.internal;

import com.google.gson.Gson;
import dev.speech4j.InvalidModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.speech4j.model.HubCache;
import dev.speech4j.model.HubFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The official Piper voices ({@code voices.json} of rhasspy/piper-voices, MIT) with the size and MD5 of each file,
 * so that a catalogued voice is downloaded by name and checked before it is loaded. The Hub's copy is used once
 * cached; until then the copy shipped as a resource.
 */
final class VoiceCatalogue {
  private static final String RESOURCE = "voices.json";
  /** The catalogue on the Hub, at the revision Piper's own downloader reads. */
  static final HubFile HUB_COPY = HubFile.of("rhasspy/piper-voices", RESOURCE).at("v1.0.0");

  /** A catalogued file's expected size and MD5 (lower-case hex). */
  record Entry(String path, long size, String md5) {}

  private final Map<String, Entry> byFileName;
  private final Map<String, List<Entry>> byVoice;

  VoiceCatalogue(String json) {
    Map<String, Entry> files = new HashMap<>();
    Map<String, List<Entry>> voices = new TreeMap<>();
    map(new Gson().fromJson(json, Object.class)).forEach((name, voice) -> {
      List<Entry> model = new ArrayList<>();
      map(map(voice).get("files")).forEach((path, info) -> {
        Map<String, Object> file = map(info);
        Entry entry = new Entry(path, ((Number) file.get("size_bytes")).longValue(), (String) file.get("md5_digest"));
        files.put(path.substring(path.lastIndexOf('/') + 1), entry);
        if (path.endsWith(".onnx") || path.endsWith(".onnx.json")) {
          model.add(entry);
        }
      });
      // the .onnx first: it is the file the engine loads
      model.sort(Comparator.comparing((Entry e) -> !e.path().endsWith(".onnx")));
      if (model.size() == 2) {
        voices.put(name, List.copyOf(model));
      }
    });
    byFileName = Map.copyOf(files);
    byVoice = Collections.unmodifiableMap(voices);
  }

  /** The catalogue shipped with this module. */
  static VoiceCatalogue official() {
    return Official.CATALOGUE;
  }

  /** The Hub's catalogue if {@code cache} has it, else the one shipped with this module. */
  static VoiceCatalogue current(HubCache cache) {
    return cache.find(HUB_COPY).map(VoiceCatalogue::readCached).orElse(official());
  }

  private record Read(Path file, FileTime modified, VoiceCatalogue catalogue) {}

  private static volatile Read lastRead;

  /** The catalogue in {@code file}, parsed again only when the file changes. */
  private static VoiceCatalogue readCached(Path file) {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return read(file);
    }
    Read last = lastRead;
    if (last != null && last.file().equals(file) && last.modified().equals(modified)) {
      return last.catalogue();
    }
    VoiceCatalogue catalogue = read(file);
    lastRead = new Read(file, modified, catalogue);
    return catalogue;
  }

  /** Every voice name, sorted. */
  Set<String> names() {
    return byVoice.keySet();
  }

  /** The voice's {@code .onnx} and {@code .onnx.json}, in that order. */
  Optional<List<Entry>> voice(String name) {
    return Optional.ofNullable(byVoice.get(name));
  }

  private static VoiceCatalogue read(Path file) {
    try {
      return new VoiceCatalogue(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new InvalidModelException("the Piper voice catalogue " + file + " cannot be read (" + e.getMessage()
          + "); delete it to fetch it again", e);
    }
  }

  Optional<Entry> byFileName(String name) {
    return Optional.ofNullable(byFileName.get(name));
  }

  /**
   * Checks {@code file}'s size and MD5 if the catalogue lists its name; other files pass unchecked.
   *
   * @throws InvalidModelException naming the file if it differs from the catalogue
   */
  void verify(Path file) {
    Optional<Entry> entry = byFileName(file.getFileName().toString());
    if (entry.isEmpty()) {
      return;
    }
    Entry expected = entry.get();
    try {
      long size = Files.size(file);
      if (size != expected.size()) {
        throw corrupt(file, expected, size + " bytes instead of " + expected.size());
      }
      String md5 = md5(file);
      if (!md5.equalsIgnoreCase(expected.md5())) {
        throw corrupt(file, expected, "MD5 " + md5 + " instead of " + expected.md5());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static InvalidModelException corrupt(Path file, Entry expected, String difference) {
    return new InvalidModelException("Piper voice " + file + " is damaged or incomplete: " + difference
        + " as the official catalogue lists for " + expected.path() + ". Download it again");
  }

  private static String md5(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object json) {
    return (Map<String, Object>) json;
  }

  private static final class Official {
    static final VoiceCatalogue CATALOGUE = load();

    private static VoiceCatalogue load() {
      try (InputStream in = VoiceCatalogue.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the speech-tts-piper jar");
        }
        return new VoiceCatalogue(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
