package dev.speech4j.engine.whispercpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.EngineOptions;
import dev.speech4j.InvalidModelException;
import dev.speech4j.model.ModelRef;
import dev.speech4j.testing.ChildJvm;
import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad model files get typed errors before native code sees them. What whisper.cpp itself does with the dangerous
 * ones is shown in a child JVM ({@link NativeProbe}), so an abort there cannot take the test runner down.
 */
class ModelFileTest {
  static final Path VOCAB_ONLY = SharedData.root().resolve("models/whisper-assets/for-tests-ggml-tiny.en.bin");

  static InvalidModelException load(Path file) {
    return org.assertj.core.api.Assertions.catchThrowableOfType(InvalidModelException.class,
        () -> new WhisperCppProvider().create(ModelRef.of(file), EngineOptions.defaults()).close());
  }

  @Test
  void aVocabularyOnlyFileHasNoWeights() {
    assertThat(load(VOCAB_ONLY)).hasMessageContaining(VOCAB_ONLY.toString())
        .hasMessageContaining("the model has no weights");
  }

  @Test
  void garbageWrongMagicGgufAndEmptyFilesAreRefused(@TempDir Path dir) throws IOException {
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    assertThat(load(Files.write(dir.resolve("noise.bin"), noise))).hasMessageContaining("not a whisper.cpp model");
    assertThat(load(Files.writeString(dir.resolve("gguf.bin"), "GGUF and then some")))
        .hasMessageContaining("GGUF");
    assertThat(load(Files.write(dir.resolve("empty.bin"), new byte[0]))).hasMessageContaining("0 bytes");
    assertThat(load(Files.writeString(dir.resolve("text.bin"), "hello", StandardCharsets.UTF_8)))
        .hasMessageContaining("magic");
  }

  @Test
  void everyTruncationIsRefused(@TempDir Path dir) throws IOException {
    byte[] model = Files.readAllBytes(WhisperModels.ggml("micro-en"));
    for (int length : new int[] {3, 20, 47, 100, 64_000, 700_000, model.length / 2, model.length - 1}) {
      Path cut = Files.write(dir.resolve("cut-" + length + ".bin"), Arrays.copyOf(model, length));
      assertThat(load(cut)).as("cut at %d", length).hasMessageContaining(cut.toString());
    }
  }

  @Test
  void corruptDimensionsAreRefused(@TempDir Path dir) throws IOException {
    byte[] model = Files.readAllBytes(VOCAB_ONLY);
    model[40] = 7; // n_mels
    assertThat(load(Files.write(dir.resolve("mels.bin"), model))).hasMessageContaining("dimensions");
  }

  /** whisper.cpp loads an fp32 file, then aborts the JVM in the encoder's convolution (issue 2557). */
  @Test
  void fp32AbortsWhisperCppButTheEngineRefusesItFirst(@TempDir Path tmp) throws Exception {
    Path fp32 = WhisperModels.ggml("micro-en-f32");
    ChildJvm.Result raw = ChildJvm.run(NativeProbe.class, tmp, "raw", fp32.toString(), ParityTest.JFK.toString());
    assertThat(raw.out()).startsWith("loaded");
    assertThat(raw.exitCode()).as("SIGABRT").isEqualTo(134);
    assertThat(raw.err()).contains("GGML_ASSERT(src0->type == GGML_TYPE_F16)");

    assertThat(load(fp32)).hasMessageContaining("--ggml-dtype f16").hasMessageContaining("issue 2557");
    assertThat(GgmlFile.read(WhisperModels.ggml("micro-en")).ftype()).isEqualTo(GgmlFile.FTYPE_F16);
  }

  /** whisper.cpp accepts a vocabulary-only file as a model; the engine does not. */
  @Test
  void whisperCppItselfLoadsAVocabularyOnlyFile(@TempDir Path tmp) throws Exception {
    ChildJvm.Result raw = ChildJvm.run(NativeProbe.class, tmp, "raw", VOCAB_ONLY.toString());
    assertThat(raw.exitCode()).as(raw.err()).isZero();
    assertThat(raw.out()).startsWith("loaded");
    ChildJvm.Result engine = ChildJvm.run(NativeProbe.class, tmp, "engine", VOCAB_ONLY.toString(),
        ParityTest.JFK.toString());
    assertThat(engine.out()).startsWith("InvalidModelException").contains("no weights");
  }

  @Test
  void aDirectoryWithoutGgmlModelBinIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> new WhisperCppProvider().create(ModelRef.of(dir), EngineOptions.defaults()))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("ggml-model.bin");
  }
}
