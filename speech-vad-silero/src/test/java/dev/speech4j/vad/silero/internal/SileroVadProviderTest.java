package dev.speech4j.vad.silero.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ModelNotFoundException;
import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery, options and bad models. */
class SileroVadProviderTest {
  private static final SileroVadProvider PROVIDER = new SileroVadProvider();

  @Test
  void isListedAndAvailable() {
    assertThat(Speech.providers()).filteredOn(p -> p.kind() == ProviderInfo.Kind.VAD)
        .extracting(ProviderInfo::name).containsExactly("silero", "energy");
    assertThat(PROVIDER.availability().available()).isTrue();
  }

  @Test
  void aFileThatIsNotOnnxIsAnInvalidModelNamingIt(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("vad.onnx"), "not a model");
    assertThatThrownBy(() -> PROVIDER.create(ModelRef.of(file), EngineOptions.defaults()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void anOnnxModelWithOtherInputsIsAnInvalidModelNamingIt() throws URISyntaxException {
    Path file = Path.of(getClass().getResource("identity.onnx").toURI());
    assertThatThrownBy(() -> PROVIDER.create(ModelRef.of(file), EngineOptions.defaults()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(file + " is not a Silero VAD v5/v6 model")
        .hasMessageContaining("name=x");
  }

  @Test
  void aDirectoryMustHoldTheModel(@TempDir Path dir) {
    assertThatThrownBy(() -> PROVIDER.create(ModelRef.of(dir), EngineOptions.defaults()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("without silero_vad.onnx");
    assertThatThrownBy(() -> PROVIDER.create(ModelRef.of(dir.resolve("missing.onnx")), EngineOptions.defaults()))
        .isInstanceOf(ModelNotFoundException.class);
  }

  @Test
  void rejectsWhatItCannotHonour() {
    assertThatThrownBy(() -> PROVIDER.create(ModelRef.defaultModel(),
        EngineOptions.builder().property("silero.sample-rate", "44100").build()))
        .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("16000 or 8000");
    assertThatThrownBy(() -> PROVIDER.create(ModelRef.defaultModel(),
        EngineOptions.builder().property("silero.window", "1024").build()))
        .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("unknown silero property");
    assertThatThrownBy(() -> PROVIDER.create(ModelRef.defaultModel(),
        EngineOptions.builder().device(EngineOptions.Device.GPU).build()))
        .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("CPU only");
  }
}
