package dev.speech4j.testing;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.audio.WavEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Seeded random-weight Whisper checkpoints in OpenAI's format and openai/whisper's own outputs on them, made by
 * {@code shared/whisper-reference} (and this project's exporter), each once: they are cached under
 * {@code target/test-models} of the checkout ({@code -Dspeech4j.test-models}), so every module and rerun shares
 * them. Everything needs {@link Python#PREREQUISITE}; a test is skipped, naming it, when it is missing.
 */
public final class WhisperReference {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10);

  private WhisperReference() {}

  /** A checkpoint of {@code make_checkpoint.py}: size {@code micro} or {@code tiny}, English-only or not. */
  public record Checkpoint(String size, boolean multilingual, long seed, boolean half) {
    public static Checkpoint of(String size, boolean multilingual, long seed) {
      return new Checkpoint(size, multilingual, seed, false);
    }

    /** {@code micro-en-s7}, {@code tiny-ml-s3-half}, ... */
    public String name() {
      return size + (multilingual ? "-ml" : "-en") + "-s" + seed + (half ? "-half" : "");
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** The clips the sweeps run on: jfk.wav (11 s), its first 3.37 s (ending inside "Americans"), and 60 s of speech. */
  public enum Clip {
    JFK, CUT, LONG;

    /** A 16 kHz mono 16-bit WAV file, which openai/whisper's reference reads exactly as the engines do. */
    public Path file() {
      return switch (this) {
        case JFK -> SharedData.testdata("jfk.wav");
        case LONG -> SharedData.root().resolve("models/silero-vad/test.wav");
        case CUT -> cached(cache().resolve("clips/jfk-3.37s.wav"), out -> {
          SpeechAudio jfk = Audio.read(JFK.file());
          Audio.write(jfk.slice(0, (int) (3.37 * jfk.sampleRate())), out, WavEncoding.PCM_16);
        });
      };
    }
  }

  /** The checkpoint file ({@code make_checkpoint.py}; its knobs beside it as {@code model.pt.json}). */
  public static Path checkpoint(Checkpoint c) {
    return cached(cache().resolve("checkpoints/" + c.name()), out -> {
      List<String> args = new ArrayList<>(List.of("--size", c.size(), c.multilingual() ? "--multilingual" : "--english",
          "--seed", Long.toString(c.seed()), "--out", out.resolve("model.pt").toString()));
      if (c.half()) {
        args.add("--half");
      }
      createDirectories(out);
      harness("make_checkpoint.py", args);
    }).resolve("model.pt");
  }

  /**
   * openai/whisper's {@code transcribe()} of {@code audio} with reference.py's {@code options} (its JSON: segments,
   * per-step margins, every decode).
   */
  public static Path transcribe(Checkpoint c, Path audio, List<String> options) {
    Path checkpoint = checkpoint(c);
    String key = hash(audio.toAbsolutePath() + "|" + String.join(" ", options));
    return cached(cache().resolve("reference/" + c.name() + "/" + key + ".json"), out -> {
      List<String> args = new ArrayList<>(List.of("--checkpoint", checkpoint.toString(), "--audio", audio.toString(),
          "--out", out.toString()));
      args.addAll(options);
      harness("reference.py", args);
    });
  }

  /** openai/whisper's {@code detect_language} on the first window of {@code audio} (language probabilities). */
  public static Path detectLanguage(Checkpoint c, Path audio) {
    return transcribe(c, audio, List.of("--detect-language", "--top", "200"));
  }

  /** The checkpoint converted by whisper.cpp's own {@code convert-pt-to-ggml.py} (every tensor checked). */
  public static Path whisperCppGgml(Checkpoint c, boolean f16) {
    Path checkpoint = checkpoint(c);
    return cached(cache().resolve("ggml/" + c.name() + (f16 ? "-f16" : "-f32") + ".bin"), out -> {
      List<String> args = new ArrayList<>(List.of("--checkpoint", checkpoint.toString(), "--out", out.toString()));
      if (f16) {
        args.add("--f16");
      }
      harness("to_ggml.py", args);
    });
  }

  /** This project's export of the checkpoint (speech-engine-djl/tools/export_whisper.py, f16 ggml included). */
  public static Path export(Checkpoint c) {
    Path checkpoint = checkpoint(c);
    return cached(cache().resolve("export/" + c.name()), out -> Python.run(SCRIPT_TIMEOUT,
        tool("export_whisper.py"), "--checkpoint", checkpoint.toString(), "--out", out.toString()));
  }

  /**
   * openai/whisper's own forward pass on the first window of {@code audio}, in the exporter's {@code reference/}
   * layout: {@code mel.f32}, {@code encoder_output.f32}, {@code logits_sot.f32}, {@code logits_sot_sequence.f32}.
   */
  public static Path forward(Checkpoint c, Path audio) {
    Path checkpoint = checkpoint(c);
    Path export = export(c);
    String key = c.name() + "-" + hash(audio.toAbsolutePath().toString());
    return cached(cache().resolve("forward/" + key), out -> Python.run(SCRIPT_TIMEOUT, tool("parity_openai.py"),
        "--checkpoint", checkpoint.toString(), "--model", export.toString(), "--audio", audio.toString(),
        "--reference-harness", harnessDir().toString(), "--dump", out.toString()));
  }

  /**
   * The models of speech-engine-djl/tools/make_test_models.sh (micro-en, micro-ml, micro-en-f32, tiny-en with its
   * quantised ggml files, tiny-random), made once per checkout.
   */
  public static Path testModels() {
    return cached(cache().resolve("whisper-models"), out -> System.out.print(Python.runCommand(
        Duration.ofMinutes(20), List.of("bash", tool("make_test_models.sh").toString(), out.toString()))));
  }

  /** The checkout's {@code target/test-models}. */
  public static Path cache() {
    String configured = System.getProperty("speech4j.test-models");
    return Path.of(configured != null ? configured : "../target/test-models").toAbsolutePath().normalize();
  }

  private static void harness(String script, List<String> args) {
    Python.run(SCRIPT_TIMEOUT, harnessDir().resolve(script), args.toArray(String[]::new));
  }

  private static Path harnessDir() {
    return SharedData.root().resolve("whisper-reference").toAbsolutePath();
  }

  private static Path tool(String script) {
    String root = System.getProperty("speech4j.root", "..");
    return Path.of(root, "speech-engine-djl", "tools", script).toAbsolutePath().normalize();
  }

  /**
   * {@code target} once made: {@code make} writes a sibling temp path, which is then renamed; a lock file keeps
   * concurrent makers (threads or JVMs) from doing the work twice.
   */
  private static synchronized Path cached(Path target, Consumer<Path> make) {
    if (Files.exists(target)) {
      return target;
    }
    try {
      Files.createDirectories(target.getParent());
      Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (Files.exists(target)) {
          return target;
        }
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path temp = target.resolveSibling(dot > 0 ? name.substring(0, dot) + ".partial" + name.substring(dot)
            : name + ".partial");
        delete(temp);
        try {
          make.accept(temp);
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          delete(temp);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
