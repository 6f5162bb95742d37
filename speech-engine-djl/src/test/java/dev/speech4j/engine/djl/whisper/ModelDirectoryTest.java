package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.EngineOptions;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken model directory is an InvalidModelException that names the file; bad engine properties fail first. */
class ModelDirectoryTest {
  @TempDir
  Path temp;

  private Path copyOfMicro() throws IOException {
    Path source = TestModels.model("micro-en");
    Path dir = Files.createDirectories(temp.resolve("model"));
    try (var files = Files.list(source)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    for (String file : new String[] {"config.json", "mel_filters.bin", "tokenizer.json", "encoder.pt", "decoder.pt"}) {
      Path dir = copyOfMicro();
      Files.delete(dir.resolve(file));
      assertThatThrownBy(() -> Speech.transcriber("whisper-djl", ModelRef.of(dir), EngineOptions.defaults()))
          .as(file).isInstanceOf(InvalidModelException.class).hasMessageContaining(dir.resolve(file).toString());
    }
  }

  @Test
  void aConfigThatDoesNotMatchTheFilesIsNamed() throws IOException {
    Path dir = copyOfMicro();
    Path config = dir.resolve("config.json");
    Files.writeString(config, Files.readString(config).replace("\"n_mels\": 80", "\"n_mels\": 128"));
    assertThatThrownBy(() -> WhisperDjlTranscriber.open(dir, EngineOptions.defaults()))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("mel_filters.bin");

    Files.writeString(config, "{\"format\": \"something-else\"}");
    assertThatThrownBy(() -> WhisperDjlTranscriber.open(dir, EngineOptions.defaults()))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining(config.toString());
  }

  @Test
  void aTokenizerOfAnotherVocabularyIsNamed() throws IOException {
    Path dir = copyOfMicro();
    Files.copy(TestModels.model("micro-ml").resolve("tokenizer.json"), dir.resolve("tokenizer.json"),
        StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> WhisperDjlTranscriber.open(dir, EngineOptions.defaults()))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("tokenizer.json");
  }

  @Test
  void badEnginePropertiesAreRejectedBeforeLoading() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("unread"));
    assertThatThrownBy(() -> WhisperDjlTranscriber.open(dir,
        EngineOptions.builder().property(WhisperDjlTranscriber.MAX_BATCH, "0").build()))
        .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("at least 1, got '0'");
    assertThatThrownBy(() -> WhisperDjlTranscriber.open(dir,
        EngineOptions.builder().property("whisper-djl.batch", "4").build()))
        .isInstanceOf(InvalidOptionsException.class).hasMessageContaining(WhisperDjlTranscriber.MAX_BATCH).hasMessageContaining(WhisperDjlTranscriber.DECODER_THREADS);
  }
}
