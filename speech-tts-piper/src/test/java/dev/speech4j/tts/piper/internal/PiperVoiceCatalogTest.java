package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.ModelIntegrityException;
import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.HubClient;
import dev.speech4j.model.HubFile;
import dev.speech4j.model.ModelRef;
import dev.speech4j.testing.FakeHub;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Piper voices by name: what they stand for on the Hub, and a voice downloaded and spoken through the library. */
class PiperVoiceCatalogTest {
  private static final String VOICE = "en/en_US/lessac/medium/en_US-lessac-medium.onnx";

  @TempDir
  Path dir;

  @Test
  void aVoiceNameIsItsModelAndConfigWithTheCataloguesSizesAndMd5s() {
    HubClient offline = HubClient.builder().offline(true).cache(new dev.speech4j.model.HubCache(dir)).build();
    List<HubFile> files = new PiperVoiceCatalog().files("en_US-lessac-medium", offline).orElseThrow();

    assertThat(files).extracting(HubFile::toString).containsExactly(
        "hf://rhasspy/piper-voices/" + VOICE + "@v1.0.0", "hf://rhasspy/piper-voices/" + VOICE + ".json@v1.0.0");
    assertThat(files.get(0).expectedSize()).hasValue(63_201_294);
    assertThat(files.get(0).expectedMd5()).isPresent();
    assertThat(new PiperVoiceCatalog().names(offline)).contains("en_US-lessac-medium", "de_DE-thorsten-high")
        .hasSizeGreaterThan(50);
    assertThat(new PiperVoiceCatalog().files(HubFile.parse("hf://me/voices/x/my.onnx.json")))
        .extracting(HubFile::path).containsExactly("x/my.onnx", "x/my.onnx.json");
  }

  @Test
  void aNameIsDownloadedWithItsConfigOnFirstUseAndChecked() throws Exception {
    Path dummy = PiperVoices.dummy(dir);
    byte[] onnx = Files.readAllBytes(dummy);
    byte[] config = Files.readAllBytes(dummy.resolveSibling("dummy-voice.onnx.json"));
    String voices = "{\"en_US-lessac-medium\": {\"files\": {" + entry(VOICE, onnx) + ", "
        + entry(VOICE + ".json", config) + "}}}";
    try (FakeHub hub = FakeHub.start().put("rhasspy/piper-voices", VOICE, onnx, true)
        .put("rhasspy/piper-voices", VOICE + ".json", config, false)
        .put("rhasspy/piper-voices", "voices.json", voices.getBytes(), false);
        FakeHub.Defaults ignored = hub.asDefault(dir.resolve("hub"))) {
      SpeechAudio spoken;
      try (Synthesizer piper = Speech.synthesizer(null, ModelRef.named("en_US-lessac-medium"))) {
        spoken = piper.synthesize("Hello there.", SynthesisOptions.builder().speaker("0").build());
      }
      assertThat(spoken.seconds()).isPositive();
      try (Synthesizer local = Speech.synthesizer("piper", ModelRef.of(dummy))) {
        // the dummy voice's length depends only on the text and speaker: the same voice was loaded
        assertThat(local.synthesize("Hello there.", SynthesisOptions.builder().speaker("0").build()).samples())
            .hasSameSizeAs(spoken.samples());
      }
    }
  }

  /** Served under a catalogued name, a file that is not the catalogued one is refused. */
  @Test
  void aVoiceThatDiffersFromTheCatalogueIsRefused() throws Exception {
    Path dummy = PiperVoices.dummy(dir);
    byte[] onnx = Files.readAllBytes(dummy);
    String voices = "{\"en_US-lessac-medium\": {\"files\": {\"" + VOICE + "\": {\"size_bytes\": " + onnx.length
        + ", \"md5_digest\": \"" + "0".repeat(32) + "\"}, " + entry(VOICE + ".json", onnx) + "}}}";
    try (FakeHub hub = FakeHub.start().put("rhasspy/piper-voices", VOICE, onnx, true)
        .put("rhasspy/piper-voices", "voices.json", voices.getBytes(), false);
        FakeHub.Defaults ignored = hub.asDefault(dir.resolve("hub"))) {
      assertThatThrownBy(() -> Speech.synthesizer("piper", ModelRef.named("en_US-lessac-medium")))
          .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("md5 " + "0".repeat(32));
    }
  }

  private static String entry(String path, byte[] content) {
    return "\"" + path + "\": {\"size_bytes\": " + content.length + ", \"md5_digest\": \""
        + FakeHub.hex("MD5", content) + "\"}";
  }
}
