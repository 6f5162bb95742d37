package dev.speech4j.engine.whispercpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.ModelNotFoundException;
import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.model.HubClient;
import dev.speech4j.model.HubFile;
import dev.speech4j.model.ModelRef;
import dev.speech4j.model.ModelStore;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.testing.FakeHub;
import dev.speech4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** whisper-cpp's model names, and an engine that downloads one by name through the library alone. */
class GgmlCatalogTest {
  private static final HubClient OFFLINE = HubClient.builder().offline(true).build();

  @TempDir
  Path dir;

  @Test
  void knowsWhisperCppsOwnNamesAsItsHubFiles() {
    GgmlCatalog catalog = new GgmlCatalog();
    List<String> names = List.of("tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en",
        "large-v1", "large-v2", "large-v3", "large-v3-turbo", "tiny.en-q5_1", "large-v3-turbo-q5_0", "base-q8_0");
    assertThat(catalog.names(OFFLINE)).containsAll(names);
    for (String name : names) {
      assertThat(catalog.files(name, OFFLINE)).as(name).contains(List.of(
          HubFile.of("ggerganov/whisper.cpp", "ggml-" + name + ".bin")));
    }
    assertThat(catalog.files("tiny.en.bin", OFFLINE)).isEmpty();
    assertThat(catalog.accepts(HubFile.parse("hf://someone/fine-tuned/ggml-model-q5_0.bin"))).isTrue();
    assertThat(catalog.accepts(HubFile.parse("hf://someone/fine-tuned/model.safetensors"))).isFalse();
    assertThat(ModelStore.catalog("whisper-cpp")).get().isInstanceOf(GgmlCatalog.class);
  }

  @Test
  void aCatalogNameIsLoadableBeforeItIsDownloaded() {
    WhisperCppProvider provider = new WhisperCppProvider();
    assertThat(provider.canLoad(ModelRef.named("large-v3-turbo"))).isTrue();
    assertThat(provider.canLoad(ModelRef.parse("hf://someone/fine-tuned/ggml-model.bin"))).isTrue();
    assertThat(provider.canLoad(ModelRef.named("not-a-model"))).isFalse();
  }

  @Test
  void anUnknownNameSuggestsTheNearestKnownOnes() {
    assertThatThrownBy(() -> ModelRef.named("tiny-en").resolve("whisper-cpp"))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("Did you mean tiny.en");
  }

  /** README's first transcription: {@code Speech.transcriber(ModelRef.named("tiny.en"))} downloads and loads it. */
  @Test
  void theEngineDownloadsANameOnFirstUse() throws Exception {
    Path ggml = WhisperModels.ggml("micro-en");
    try (FakeHub hub = FakeHub.start().put("ggerganov/whisper.cpp", "ggml-tiny.en.bin", Files.readAllBytes(ggml),
        true); FakeHub.Defaults ignored = hub.asDefault(dir.resolve("hub"))) {
      String byName;
      try (Transcriber whisper = Speech.transcriber(ModelRef.named("tiny.en"))) {
        byName = whisper.transcribe(SharedData.testdata("jfk.wav"), TranscriptionOptions.builder().beamSize(1).build())
            .text();
      }
      try (Transcriber whisper = Speech.transcriber("whisper-cpp", ModelRef.of(ggml))) {
        assertThat(whisper.transcribe(Audio.read(SharedData.testdata("jfk.wav")),
            TranscriptionOptions.builder().beamSize(1).build()).text()).isEqualTo(byName);
      }
      assertThat(hub.requests("store")).hasSize(1);
    }
  }
}
