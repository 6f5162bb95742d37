package dev.speech4j.engine.djl.whisper;

import ai.djl.engine.Engine;
import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.model.ModelRef;
import dev.speech4j.spi.Availability;
import dev.speech4j.spi.TranscriberProvider;
import dev.speech4j.stt.Transcriber;
import java.nio.file.Files;
import java.nio.file.Path;

/** Provides {@code whisper-djl}: Whisper model directories exported by tools/export_whisper.py, on DJL PyTorch. */
public final class WhisperDjlProvider implements TranscriberProvider {
  static final String NAME = "whisper-djl";

  @Override
  public String name() {
    return NAME;
  }

  /** Ahead of whisper-cpp where both can load a model (an export holds both formats): its decoding is openai's. */
  @Override
  public int priority() {
    return 20;
  }

  @Override
  public Availability availability() {
    try {
      Engine.getEngine("PyTorch");
      return Availability.ok();
    } catch (RuntimeException | LinkageError e) {
      return Availability.unavailable("the PyTorch native library did not load (" + e.getMessage() + "): put "
          + "ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64) and pytorch-jni on the class path, "
          + "or set ai.djl.pytorch.native_helper / PYTORCH_LIBRARY_PATH to a libtorch 2.7.1 install");
    }
  }

  @Override
  public Transcriber create(ModelRef model, EngineOptions options) {
    Availability availability = availability();
    if (!availability.available()) {
      throw new EngineUnavailableException("whisper-djl is unavailable: " + availability.reason());
    }
    Path dir = model.find(NAME).orElseThrow(() -> new ModelNotFoundException("whisper-djl found no model '" + model
        + "': it loads a directory made by speech-engine-djl/tools/export_whisper.py (see \"Whisper on DJL\" in "
        + "README.md), given as a path or as a name under whisper-djl/ in the models directory; it does not "
        + "download models yet. To download one by name, use --engine whisper-cpp (e.g. --model tiny.en)"));
    return WhisperDjlTranscriber.open(dir, options);
  }

  /** A model directory of tools/export_whisper.py: {@code config.json} and the TorchScript decoder. */
  @Override
  public boolean canLoad(ModelRef model) {
    return model.find(NAME)
        .filter(dir -> Files.isRegularFile(dir.resolve("config.json"))
            && Files.isRegularFile(dir.resolve(TorchWhisper.DECODER)))
        .isPresent();
  }
}
