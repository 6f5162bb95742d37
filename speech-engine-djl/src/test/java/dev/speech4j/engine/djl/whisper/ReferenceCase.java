package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.testing.ReferenceTranscript;
import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One committed openai/whisper output ({@code whisper/expected/NAME.json}), its model and its audio. */
record ReferenceCase(String name, String model, String audio) {
  private static final JsonObject FIXTURES =
      JsonParser.parseString(TestFiles.fixtureText("whisper/fixtures.json")).getAsJsonObject();

  static List<ReferenceCase> all() {
    List<ReferenceCase> out = new ArrayList<>();
    FIXTURES.getAsJsonObject("expected").entrySet().forEach(e -> out.add(new ReferenceCase(e.getKey(),
        e.getKey().startsWith("en-") ? "micro-en" : "micro-ml",
        e.getValue().getAsJsonObject().get("audio").getAsString())));
    return out;
  }

  ReferenceTranscript expected() {
    return new ReferenceTranscript(JsonParser.parseString(TestFiles.fixtureText("whisper/expected/" + name))
        .getAsJsonObject());
  }

  /** The exported model, checked to hold the very tensors the reference was made from. */
  Path modelDir() throws IOException {
    return checkedModel(model);
  }

  static Path checkedModel(String model) throws IOException {
    Path dir = TestModels.model(model);
    String sha = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject()
        .getAsJsonObject("source").get("state_sha256").getAsString();
    assertThat(sha).as(model + " tensors are the fixtures' model")
        .isEqualTo(FIXTURES.getAsJsonObject("models").getAsJsonObject(model).get("state_sha256").getAsString());
    return dir;
  }

  SpeechAudio readAudio() {
    Path file = switch (audio) {
      case "jfk.wav" -> SharedData.testdata("jfk.wav");
      case "test.wav" -> SharedData.root().resolve("models/silero-vad/test.wav");
      default -> SharedData.testdata("pocketsphinx-testdata/librivox/" + audio);
    };
    return Audio.read(file);
  }

  @Override
  public String toString() {
    return name;
  }
}
