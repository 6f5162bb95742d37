package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import dev.speech4j.testing.SystemProperties;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding voice files, and the typed errors for missing or mismatched ones. */
class PiperProviderTest {
  @TempDir
  Path dir;

  private Path onnx;
  private Path json;

  @BeforeEach
  void copyDummy() throws IOException {
    onnx = PiperVoices.dummy(dir);
    json = dir.resolve("dummy-voice.onnx.json");
  }

  @Test
  void bothEnginesAreListedAndEspeakIsTheDefault() {
    assertThat(Speech.providers()).filteredOn(p -> p.kind() == ProviderInfo.Kind.SYNTHESIZER)
        .extracting(ProviderInfo::name).containsExactly("espeak", "piper");
    assertThat(Speech.providers()).filteredOn(p -> p.kind() == ProviderInfo.Kind.SYNTHESIZER)
        .allSatisfy(p -> assertThat(p.availability().available()).isTrue());
    try (Synthesizer voice = Speech.synthesizer()) {
      assertThat(voice).isInstanceOf(EspeakSynthesizer.class);
    }
  }

  @Test
  void aVoiceIsFoundByEitherFileItsDirectoryOrItsName() {
    for (ModelRef ref : new ModelRef[] {ModelRef.of(onnx), ModelRef.of(json)}) {
      assertThat(PiperProvider.modelFile(ref)).isEqualTo(onnx);
    }
    SystemProperties.with("speech4j.models", dir.toString(), () -> {
      assertThat(PiperProvider.modelFile(ModelRef.named("dummy-voice"))).isEqualTo(onnx);
      assertThat(PiperProvider.modelFile(ModelRef.named("dummy-voice.onnx"))).isEqualTo(onnx);
      assertThatThrownBy(() -> PiperProvider.modelFile(ModelRef.named("en_US-nosuch-low")))
          .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("en_US-nosuch-low");
    });
    assertThatThrownBy(() -> PiperProvider.modelFile(ModelRef.of(dir))).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("2 .onnx files");
  }

  @Test
  void theDefaultModelIsNotAPiperVoice() {
    assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.defaultModel()))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("no built-in voice");
  }

  @Test
  void aConfigWithoutItsModelNamesTheMissingFile() throws IOException {
    Files.delete(onnx);
    assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.of(json)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining(onnx.toString());
  }

  @Test
  void aModelWithoutItsConfigNamesTheMissingFile() throws IOException {
    Files.delete(json);
    assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.of(onnx)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining(json.toString());
  }

  @Test
  void aPhonemeIdMapThatDoesNotFitTheModelIsAnInvalidModel() throws IOException {
    // the dummy's embedding holds num_symbols = 256 ids; give one phoneme id 300
    Files.writeString(json, Files.readString(json).replaceFirst("\"a\": \\[\\s*14", "\"a\": [300"));
    assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.of(onnx)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("phoneme_id_map").hasMessageContaining(json.toString())
        .hasMessageContaining(onnx.toString());
  }

  @Test
  void aSpeakerCountThatDoesNotFitTheModelIsAnInvalidModel() throws IOException {
    Files.writeString(json, Files.readString(json).replace("\"num_speakers\": 3", "\"num_speakers\": 1"));
    assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.of(onnx)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("sid").hasMessageContaining(onnx.toString());

    Files.writeString(json, Files.readString(json).replace("\"num_speakers\": 1", "\"num_speakers\": 5"));
    assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.of(onnx)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("5 speaker(s)");
  }

  @Test
  void aFileThatIsNotAnOnnxModelIsAnInvalidModel() throws IOException {
    Files.writeString(onnx, "not a model");
    assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.of(onnx)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining(onnx.toString());
  }

  @Test
  void anUnknownEspeakVoiceInTheConfigIsAnInvalidModel() throws IOException {
    Files.writeString(json, Files.readString(json).replace("\"voice\": \"en-us\"", "\"voice\": \"xx-nosuch\""));
    assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.of(onnx)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("xx-nosuch").hasMessageContaining(json.toString());
  }

  @Test
  void theGpuIsNotOffered() {
    assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.of(onnx),
        EngineOptions.builder().device(EngineOptions.Device.GPU).build()))
        .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("CPU");
  }

  @Test
  void aClosedVoiceRefusesWork() {
    Synthesizer voice = Speech.synthesizer("piper", ModelRef.of(onnx));
    voice.close();
    voice.close();
    assertThatThrownBy(() -> voice.synthesize("Hi.", SynthesisOptions.defaults()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
