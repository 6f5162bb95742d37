package dev.speech4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.testing.SystemProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRefTest {

  @ParameterizedTest
  @ValueSource(strings = {"tiny.en", "large-v3-turbo", "openai/whisper-tiny", "en_US-lessac-medium"})
  void acceptsOrdinaryNames(String name) {
    assertThat(ModelRef.named(name).name()).hasValue(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc/passwd", "..", "a/../b", "/etc/passwd", "a/b/c", ".hidden", "a\\b", "C:\\x",
      "name\u0000", "tiny en", "", "%2e%2e", "a/", "~root"})
  void rejectsHostileNames(String name) {
    assertThatThrownBy(() -> ModelRef.named(name))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("invalid model name");
  }

  @Test
  void parseTellsPathsFromNames(@TempDir Path dir) throws IOException {
    Path file = Files.createFile(dir.resolve("ggml-tiny.bin"));
    assertThat(ModelRef.parse(file.toString()).path()).hasValue(file);
    assertThat(ModelRef.parse("./model.bin").path()).isPresent();
    assertThat(ModelRef.parse("models/x.onnx").path()).isPresent();
    assertThat(ModelRef.parse("tiny.en").name()).hasValue("tiny.en");
    assertThat(ModelRef.parse("openai/whisper-tiny").name()).hasValue("openai/whisper-tiny");
    assertThatThrownBy(() -> ModelRef.parse(" ")).isInstanceOf(InvalidOptionsException.class);
  }

  @Test
  void missingPathIsModelNotFound(@TempDir Path dir) {
    ModelRef ref = ModelRef.of(dir.resolve("absent.bin"));
    assertThatThrownBy(() -> ref.resolve("whisper-cpp"))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("absent.bin");
  }

  @Test
  void defaultModelHasNothingToResolve() {
    assertThat(ModelRef.defaultModel().isDefault()).isTrue();
    assertThatThrownBy(() -> ModelRef.defaultModel().resolve("whisper-cpp"))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("no built-in model");
  }

  @Test
  void namesResolveThroughTheModelsDirectory(@TempDir Path dir) throws IOException {
    Path perEngine = Files.createDirectories(dir.resolve("whisper-djl").resolve("tiny.en"));
    Path shared = Files.createFile(dir.resolve("ggml-tiny.bin"));
    SystemProperties.with("speech4j.models", dir.toString(), () -> {
      assertThat(ModelRef.named("tiny.en").resolve("whisper-djl")).isEqualTo(perEngine);
      assertThat(ModelRef.named("ggml-tiny.bin").resolve("whisper-cpp")).isEqualTo(shared);
      assertThatThrownBy(() -> ModelRef.named("base").resolve("whisper-cpp"))
          .isInstanceOf(ModelNotFoundException.class)
          .hasMessageContaining("'base'")
          .hasMessageContaining(dir.toAbsolutePath().toString())
          .hasMessageContaining("speech4j.models");
    });
  }

  @Test
  void localResolverNeverLeavesItsRoot(@TempDir Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("models"));
    Files.createFile(dir.resolve("secret"));
    LocalModelResolver resolver = new LocalModelResolver(root);
    assertThat(resolver.resolve("../secret", "x")).isEmpty();
    assertThat(resolver.resolve("secret", "..")).isEmpty();
  }

  @Test
  void hubReferencesParseWithTheirRevision() {
    ModelRef ref = ModelRef.parse("hf://ggerganov/whisper.cpp/ggml-tiny.en.bin@5359861c739e955e79d9a303bcbc70fb988958b1");
    assertThat(ref.hub()).get().satisfies(f -> {
      assertThat(f.repo()).isEqualTo("ggerganov/whisper.cpp");
      assertThat(f.path()).isEqualTo("ggml-tiny.en.bin");
      assertThat(f.isPinned()).isTrue();
    });
    assertThat(ModelRef.parse("hf://o/r/a/b.onnx").hub().orElseThrow().revision()).isEqualTo("main");
    assertThat(ref.path()).isEmpty();
    assertThat(ref.name()).isEmpty();
    assertThat(ref.isDefault()).isFalse();
    assertThatThrownBy(() -> ModelRef.parse("hf://o/r"))
        .isInstanceOf(dev.speech4j.InvalidOptionsException.class).hasMessageContaining("hf://o/r/FILE");
  }

  @Test
  void nearestNamesAreAFewEditsAway() {
    java.util.Set<String> known = java.util.Set.of("tiny", "tiny.en", "base.en", "large-v3", "large-v3-turbo");
    assertThat(ModelStore.nearest("tiny-en", known)).startsWith("tiny.en");
    assertThat(ModelStore.nearest("large-v3-trubo", known)).containsExactly("large-v3-turbo");
    assertThat(ModelStore.nearest("whatever", known)).isEmpty();
  }
}
