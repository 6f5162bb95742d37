package dev.speech4j.tts.piper.internal;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of espeak-ng's {@code speak_lib.h} that speech4j calls, as JNA maps it. Public only because JNA builds
 * a proxy of it; the package is not exported.
 */
public interface EspeakLibrary extends Library {
  int AUDIO_OUTPUT_SYNCHRONOUS = 2;
  int INITIALIZE_DONT_EXIT = 0x8000;
  int CHARS_UTF8 = 1;
  int PHONEMES_IPA = 0x02;
  int POS_CHARACTER = 1;
  int PARAMETER_RATE = 1;
  int PARAMETER_PITCH = 3;
  int EE_OK = 0;

  /** Returns the sample rate, or a negative error. */
  int espeak_Initialize(int output, int bufferMillis, String dataPath, int options);

  int espeak_SetVoiceByName(String name);

  int espeak_SetVoiceByProperties(VoiceSpec spec);

  int espeak_SetParameter(int parameter, int value, int relative);

  /** Phonemes of the clause at {@code *text}, which it advances past the clause, or sets to NULL at the end. */
  Pointer espeak_TextToPhonemes(PointerByReference text, int textMode, int phonemeMode);

  void espeak_SetSynthCallback(SynthCallback callback);

  /** {@code size} is a {@code size_t}: 64-bit platforms only. */
  int espeak_Synth(Pointer text, long size, int position, int positionType, int endPosition, int flags,
      Pointer uniqueIdentifier, Pointer userData);

  String espeak_Info(Pointer dataPath);

  /** {@code espeak_VOICE}, used to select a voice by language. */
  @Structure.FieldOrder({"name", "languages", "identifier", "gender", "age", "variant", "xx1", "score", "spare"})
  final class VoiceSpec extends Structure {
    public String name;
    public String languages;
    public String identifier;
    public byte gender;
    public byte age;
    public byte variant;
    public byte xx1;
    public int score;
    public Pointer spare;

    VoiceSpec(String language) {
      languages = language;
    }
  }

  /** Receives synthesised 16-bit samples; returns 0 to go on, 1 to abort. */
  interface SynthCallback extends Callback {
    int invoke(Pointer samples, int count, Pointer events);
  }
}
