package dev.speech4j.tts.piper.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.internal.NativeLibraries;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's libespeak-ng, loaded through JNA on first use. espeak-ng keeps its voice, parameters and clause
 * reader in global state, so every call goes through one process-wide fair lock: concurrent callers take turns,
 * a sentence at a time. The library is found by the system property {@value #LIBRARY_PROPERTY} (a path or name),
 * else as {@code espeak-ng} on the system library path or Homebrew's; its data directory is the one the library
 * was built with.
 */
public final class Espeak {
  static final String LIBRARY_PROPERTY = "speech4j.espeak.library";
  static final String INSTALL = "install it with `apt-get install libespeak-ng1` (Debian/Ubuntu), "
      + "`dnf install espeak-ng` (Fedora) or `brew install espeak-ng` (macOS), or point -D" + LIBRARY_PROPERTY
      + " at libespeak-ng";
  private static final Logger LOG = LoggerFactory.getLogger(Espeak.class);
  private static final List<String> DEFAULT_LIBRARIES = List.of("espeak-ng", "libespeak-ng.so.1",
      "/opt/homebrew/lib/libespeak-ng.dylib", "/usr/local/lib/libespeak-ng.dylib");
  private static final Map<String, Object> LOADED = new ConcurrentHashMap<>();

  private final EspeakLibrary library;
  private final int sampleRate;
  private final ReentrantLock lock = new ReentrantLock(true);
  /** Kept here so that the native side's callback is never collected. */
  private final EspeakLibrary.SynthCallback callback = this::receive;
  private String currentVoice;
  private Samples sink;

  private Espeak(EspeakLibrary library, int sampleRate) {
    this.library = library;
    this.sampleRate = sampleRate;
    library.espeak_SetSynthCallback(callback);
  }

  /**
   * The library named by {@value #LIBRARY_PROPERTY}, or the system's, initialised once.
   *
   * @throws EngineUnavailableException if it cannot be loaded or finds no data
   */
  public static Espeak instance() {
    String configured = System.getProperty(LIBRARY_PROPERTY);
    Object loaded = LOADED.computeIfAbsent(configured == null ? "" : configured, k -> load(configured));
    if (loaded instanceof EngineUnavailableException e) {
      throw new EngineUnavailableException(e.getMessage(), e);
    }
    return (Espeak) loaded;
  }

  private static Object load(String configured) {
    List<String> candidates = configured == null ? DEFAULT_LIBRARIES : List.of(configured);
    List<String> failures = new ArrayList<>();
    for (String name : candidates) {
      EspeakLibrary library;
      try {
        library = Native.load(name, EspeakLibrary.class);
      } catch (UnsatisfiedLinkError e) {
        failures.add(name);
        LOG.debug("cannot load {}: {}", name, e.getMessage());
        continue;
      }
      int rate = initialize(library);
      if (rate <= 0) {
        return new EngineUnavailableException("libespeak-ng (" + name + ") found no espeak-ng-data: install it "
            + "with `apt-get install espeak-ng-data` (Debian/Ubuntu), or reinstall espeak-ng");
      }
      LOG.debug("loaded espeak-ng {} from {} at {} Hz", library.espeak_Info(null), name, rate);
      return new Espeak(library, rate);
    }
    return new EngineUnavailableException("libespeak-ng not found (tried " + String.join(", ", failures) + "): "
        + INSTALL);
  }

  /**
   * Initialises espeak-ng for synchronous synthesis. Debian's build links PulseAudio, which makes its runtime
   * folder {@code pulse-*} in the temp directory (where no {@code XDG_RUNTIME_DIR} is set) although no audio is
   * played: a folder made here is removed again.
   */
  private static int initialize(EspeakLibrary library) {
    try {
      return NativeLibraries.deletingTempLitter(name -> name.startsWith("pulse-"), () ->
          library.espeak_Initialize(EspeakLibrary.AUDIO_OUTPUT_SYNCHRONOUS, 0, null, EspeakLibrary.INITIALIZE_DONT_EXIT));
    } catch (Exception e) {
      throw new IllegalStateException("espeak_Initialize failed", e);
    }
  }

  /** The rate of {@link #synthesize} output, 22 050 Hz for espeak-ng. */
  int sampleRate() {
    return sampleRate;
  }

  /**
   * Piper's phonemes for {@code text}, one string per sentence: IPA from espeak-ng, clause by clause, with each
   * clause's punctuation kept, language-switch flags such as {@code (fr)} removed, and NFD-decomposed.
   *
   * @throws InvalidOptionsException if espeak-ng has no voice named {@code voice}
   */
  public List<String> phonemize(String voice, String text) {
    return Sentences.of(text).stream().map(s -> phonemes(voice, s)).toList();
  }

  /**
   * Checks that espeak-ng has {@code voice}.
   *
   * @throws InvalidOptionsException if it has not
   */
  void requireVoice(String voice) {
    lock.lock();
    try {
      selectVoice(voice);
    } finally {
      lock.unlock();
    }
  }

  /** One sentence's phonemes; see {@link #phonemize}. */
  String phonemes(String voice, Sentence sentence) {
    StringBuilder out = new StringBuilder();
    lock.lock();
    try {
      selectVoice(voice);
      for (Clause clause : sentence.clauses()) {
        out.append(withoutLanguageFlags(clausePhonemes(clause.text()))).append(clause.terminator().mark());
      }
    } finally {
      lock.unlock();
    }
    return Normalizer.normalize(out, Normalizer.Form.NFD);
  }

  /** espeak-ng's own voice speaking {@code text}, as 16-bit samples at {@link #sampleRate()}. */
  short[] synthesize(String voice, String text, int wordsPerMinute, int pitch) {
    Memory utf8 = utf8(text);
    lock.lock();
    try {
      selectVoice(voice);
      library.espeak_SetParameter(EspeakLibrary.PARAMETER_RATE, wordsPerMinute, 0);
      library.espeak_SetParameter(EspeakLibrary.PARAMETER_PITCH, pitch, 0);
      sink = new Samples();
      int status = library.espeak_Synth(utf8, utf8.size(), 0, EspeakLibrary.POS_CHARACTER, 0,
          EspeakLibrary.CHARS_UTF8, null, null);
      if (status != EspeakLibrary.EE_OK) {
        throw new IllegalStateException("espeak_Synth failed with status " + status);
      }
      return sink.toArray();
    } finally {
      sink = null;
      lock.unlock();
    }
  }

  private int receive(Pointer samples, int count, Pointer events) {
    if (samples != null && count > 0) {
      sink.add(samples.getShortArray(0, count));
    }
    return 0;
  }

  private void selectVoice(String voice) {
    if (!voice.equals(currentVoice)) {
      // by name, else by language, as the espeak-ng command line's -v does
      if (library.espeak_SetVoiceByName(voice) != EspeakLibrary.EE_OK
          && library.espeak_SetVoiceByProperties(new EspeakLibrary.VoiceSpec(voice)) != EspeakLibrary.EE_OK) {
        currentVoice = null;
        throw new InvalidOptionsException("espeak-ng has no voice '" + voice
            + "': see `espeak-ng --voices` for the names, e.g. en-us, fr, de");
      }
      currentVoice = voice;
    }
  }

  /** One clause's IPA; espeak-ng may cut a clause further, and the pieces are joined by a space. */
  private String clausePhonemes(String clause) {
    Memory utf8 = utf8(clause);
    PointerByReference cursor = new PointerByReference(utf8);
    StringBuilder ipa = new StringBuilder();
    while (cursor.getValue() != null) {
      Pointer phonemes = library.espeak_TextToPhonemes(cursor, EspeakLibrary.CHARS_UTF8, EspeakLibrary.PHONEMES_IPA);
      String piece = phonemes == null ? "" : phonemes.getString(0, StandardCharsets.UTF_8.name()).strip();
      if (!piece.isEmpty()) {
        ipa.append(ipa.length() == 0 ? "" : " ").append(piece);
      }
    }
    return ipa.toString();
  }

  /** Drops espeak-ng's {@code (lang)} markers around words it reads in another language, as Piper does. */
  private static String withoutLanguageFlags(String ipa) {
    return ipa.replaceAll("\\([^)]*\\)", "");
  }

  private static Memory utf8(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Memory memory = new Memory(bytes.length + 1L);
    memory.write(0, bytes, 0, bytes.length);
    memory.setByte(bytes.length, (byte) 0);
    return memory;
  }

  /** A growing buffer of 16-bit samples. */
  private static final class Samples {
    private short[] data = new short[1 << 14];
    private int size;

    void add(short[] chunk) {
      if (size + chunk.length > data.length) {
        data = Arrays.copyOf(data, Math.max(size + chunk.length, data.length * 2));
      }
      System.arraycopy(chunk, 0, data, size, chunk.length);
      size += chunk.length;
    }

    short[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
