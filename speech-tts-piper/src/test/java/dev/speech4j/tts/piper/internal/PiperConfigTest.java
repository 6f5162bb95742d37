package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.testing.SharedData;
import dev.speech4j.tts.espeak.EspeakPhonemizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiperConfigTest {
  static final Path LESSAC = SharedData.root().resolve("models/piper/en_US-lessac-medium.onnx.json");

  @TempDir
  Path dir;

  @Test
  void readsTheRealLessacConfig() {
    PiperConfig config = PiperConfig.read(LESSAC);
    assertThat(config.sampleRate()).isEqualTo(22_050);
    assertThat(config.espeakVoice()).isEqualTo("en-us");
    assertThat(config.noiseScale()).isEqualTo(0.667f);
    assertThat(config.lengthScale()).isEqualTo(1f);
    assertThat(config.noiseW()).isEqualTo(0.8f);
    assertThat(config.speakers()).isEqualTo(1);
    assertThat(config.speakerIds()).isEmpty();
    assertThat(config.phonemeIds()).hasSize(154);
    assertThat(config.maxId()).isEqualTo(153);
  }

  /** Checked by hand against the phoneme_id_map of en_US-lessac-medium.onnx.json. */
  @Test
  void sentenceIdsUnderLessacCheckedByHand() {
    PiperConfig config = PiperConfig.read(LESSAC);
    // "Hi." -> hˈaɪ. : h=20 ˈ=120 a=14 ɪ=74 .=10, framed by ^=1 ... $=2 with _=0 after every symbol but $
    assertThat(EspeakPhonemizer.phonemize("Hi.", "en-us")).containsExactly("hˈaɪ.");
    assertThat(config.ids("hˈaɪ.")).containsExactly(1, 0, 20, 0, 120, 0, 14, 0, 74, 0, 10, 0, 2);
    // "Hello, world." -> həlˈoʊ, wˈɜːld. : ə=59 l=24 o=27 ʊ=100 ,=8 space=3 w=35 ɜ=62 ː=122 d=17
    assertThat(EspeakPhonemizer.phonemize("Hello, world.", "en-us")).containsExactly("həlˈoʊ, wˈɜːld.");
    assertThat(config.ids("həlˈoʊ, wˈɜːld.")).containsExactly(1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 8, 0,
        3, 0, 35, 0, 120, 0, 62, 0, 122, 0, 24, 0, 17, 0, 10, 0, 2);
  }

  @Test
  void decomposedAccentsAreTheirOwnPhonemes() {
    PiperConfig config = PiperConfig.read(LESSAC);
    // NFD "ç" is c (16) + combining cedilla (140); "ɔ̃" is ɔ (54) + combining tilde (141)
    assertThat(config.ids("c\u0327\u0254\u0303")).containsExactly(1, 0, 16, 0, 140, 0, 54, 0, 141, 0, 2);
  }

  @Test
  void unknownPhonemesAreDropped() {
    PiperConfig config = PiperConfig.read(LESSAC);
    assertThat(config.ids("a\u4e2d\uD83D\uDE00b")).containsExactly(1, 0, 14, 0, 15, 0, 2);
    assertThat(config.ids("")).containsExactly(1, 0, 2);
  }

  @Test
  void speakersByNameOrNumber() throws IOException {
    PiperConfig single = PiperConfig.read(LESSAC);
    assertThat(single.speakerId(null)).isEqualTo(-1);
    assertThat(single.speakerId("0")).isEqualTo(-1);
    assertThatThrownBy(() -> single.speakerId("2")).isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("single speaker");

    PiperConfig three = PiperConfig.read(PiperVoices.dummy(dir).resolveSibling("dummy-voice.onnx.json"));
    assertThat(three.speakerId(null)).isZero();
    assertThat(three.speakerId("bob")).isEqualTo(1);
    assertThat(three.speakerId("2")).isEqualTo(2);
    assertThatThrownBy(() -> three.speakerId("3")).isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("0 to 2").hasMessageContaining("alice");
    assertThatThrownBy(() -> three.speakerId("dave")).isInstanceOf(InvalidOptionsException.class);
  }

  @Test
  void badConfigsNameTheFile() throws IOException {
    for (String json : new String[] {"", "{", "[]", "{\"audio\": {\"sample_rate\": 22050}}",
        "{\"audio\": {\"sample_rate\": 22050}, \"espeak\": {\"voice\": \"en-us\"}, \"phoneme_id_map\": {\"a\": [1]}}",
        "{\"phoneme_type\": \"pinyin\"}",
        Files.readString(LESSAC).replace("\"sample_rate\": 22050", "\"sample_rate\": -1"),
        Files.readString(LESSAC).replaceFirst("\"a\": \\[\\s*14", "\"a\": [-14")}) {
      Path file = Files.writeString(dir.resolve("bad.onnx.json"), json);
      assertThatThrownBy(() -> PiperConfig.read(file)).as(json).isInstanceOf(InvalidModelException.class)
          .hasMessageContaining(file.toString());
    }
    assertThatThrownBy(() -> PiperConfig.read(dir.resolve("absent.onnx.json")))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("absent.onnx.json");
  }
}
