package dev.speech4j.engine.whispercpp.internal;

import com.sun.jna.Pointer;
import dev.speech4j.EngineOptions;
import dev.speech4j.SpeechException;
import dev.speech4j.audio.Audio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import java.nio.file.Path;

/**
 * Run in a child JVM by the tests, so that a native abort cannot take the test runner down. Modes:
 * {@code raw MODEL [AUDIO]} hands the file straight to whisper.cpp, skipping the engine's checks (to show what
 * whisper.cpp itself does); {@code engine MODEL AUDIO} goes through the engine. Prints one line: what happened.
 */
public final class NativeProbe {
  private NativeProbe() {}

  public static void main(String[] args) {
    Path model = Path.of(args[1]);
    if (args[0].equals("raw")) {
      WhisperLibrary lib = WhisperNatives.load(null).library();
      Pointer defaults = lib.whisper_context_default_params_by_ref();
      Pointer ctx = lib.whisper_init_from_file_with_params_no_state(model.toString(),
          new WhisperLibrary.ContextParams.ByValue(defaults));
      System.out.println(ctx == null ? "refused: " + WhisperNatives.takeLastError() : "loaded");
      if (ctx != null && args.length > 2) {
        Pointer state = lib.whisper_init_state(ctx);
        float[] samples = Audio.read(Path.of(args[2])).samples();
        Pointer p = lib.whisper_full_default_params_by_ref(WhisperLibrary.SAMPLING_GREEDY);
        WhisperLibrary.FullParams.ByValue params = new WhisperLibrary.FullParams.ByValue(p);
        params.print_progress = 0;
        System.out.println("full " + lib.whisper_full_with_state(ctx, state, params, samples, samples.length));
      }
      return;
    }
    try (Transcriber whisper = new WhisperCppProvider().create(ModelRef.of(model), EngineOptions.defaults())) {
      Transcription t = whisper.transcribe(Path.of(args[2]), ParityTest.GREEDY);
      System.out.println("transcribed " + t.segments().size() + " segments");
    } catch (SpeechException e) {
      System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
