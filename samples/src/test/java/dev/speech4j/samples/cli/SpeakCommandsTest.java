package dev.speech4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeakCommandsTest {
  /** The dummy Piper voice that speech-tts-piper's tests use (tools/make_dummy_voice.py). */
  private static final Path DUMMY = Path.of("..", "speech-tts-piper", "src", "test", "resources", "dev", "speech4j",
      "tts", "piper", "internal");

  @TempDir
  Path dir;

  @Test
  void sayWithEspeakWritesAWav() {
    Path out = dir.resolve("hello.wav");
    CliRun run = CliRun.of("say", "Hello there. How are you?", "--engine", "espeak", "--voice", "en-us",
        "--speed", "1.2", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    SpeechAudio audio = Audio.read(out);
    assertThat(audio.sampleRate()).isEqualTo(22_050);
    assertThat(audio.seconds()).isBetween(1.0, 5.0);
    assertThat(run.out()).startsWith(out + ": ").contains("22050 Hz");
  }

  @Test
  void sayWithAPiperModelAndSpeaker() throws Exception {
    for (String name : new String[] {"dummy-voice.onnx", "dummy-voice.onnx.json"}) {
      Files.copy(DUMMY.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    Path normal = dir.resolve("normal.wav");
    Path slow = dir.resolve("slow.wav");
    CliRun first = CliRun.of("say", "Hi.", "--model", dir.resolve("dummy-voice.onnx").toString(), "--speaker",
        "bob", "--out", normal.toString());
    CliRun second = CliRun.of("say", "Hi.", "--engine", "piper", "--model", dir.resolve("dummy-voice.onnx").toString(),
        "--speed", "0.5", "--out", slow.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    // 13 phoneme ids of 100 samples, then 200 ms of silence; at speed 0.5 the ids last twice as long
    assertThat(Audio.read(normal).frames()).isEqualTo(1_300 + 4_410);
    assertThat(Audio.read(slow).frames()).isEqualTo(2_600 + 4_410);
  }

  @Test
  void sayReportsBadVoicesAndEngines() {
    Path out = dir.resolve("o.wav");
    CliRun missing = CliRun.of("say", "Hi.", "--model", dir.resolve("absent.onnx").toString(), "--out", out.toString());
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err()).contains("absent.onnx");
    CliRun unknown = CliRun.of("say", "Hi.", "--engine", "nosuch", "--out", out.toString());
    assertThat(unknown.exitCode()).isEqualTo(4);
    CliRun badVoice = CliRun.of("say", "Hi.", "--engine", "espeak", "--voice", "xx-nosuch", "--out", out.toString());
    assertThat(badVoice.exitCode()).isEqualTo(3);
    assertThat(badVoice.err().lines()).singleElement().asString().contains("xx-nosuch");
    assertThat(CliRun.of("say", "Hi.").exitCode()).isEqualTo(2);
    assertThat(out).doesNotExist();
  }

  @Test
  void phonemizePrintsOneSentenceALine() {
    CliRun english = CliRun.of("phonemize", "Hello, world. How are you?");
    assertThat(english.exitCode()).as(english.err()).isZero();
    assertThat(english.out().lines()).containsExactly("həlˈoʊ, wˈɜːld.", "hˈaʊ ɑːɹ juː?");
    CliRun french = CliRun.of("phonemize", "Bonjour le monde.", "--voice", "fr");
    assertThat(french.exitCode()).isZero();
    assertThat(french.out().strip()).isEqualTo(java.text.Normalizer.normalize("bɔ̃ʒˈuʁ lə- mˈɔ̃d.",
        java.text.Normalizer.Form.NFD));
  }
}
