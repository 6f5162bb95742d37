package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidModelException;
import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoiceCatalogueTest {
  @TempDir
  Path dir;

  @Test
  void theShippedCatalogueIsTheOfficialOne() throws IOException {
    try (InputStream shipped = VoiceCatalogue.class.getResourceAsStream("voices.json")) {
      assertThat(shipped.readAllBytes()).isEqualTo(Files.readAllBytes(SharedData.root().resolve("models/piper/voices.json")));
    }
    assertThat(VoiceCatalogue.official().byFileName("en_US-lessac-medium.onnx")).hasValueSatisfying(e -> {
      assertThat(e.path()).isEqualTo("en/en_US/lessac/medium/en_US-lessac-medium.onnx");
      assertThat(e.size()).isEqualTo(63_201_294L);
      assertThat(e.md5()).isEqualTo("2fc642b535197b6305c7c8f92dc8b24f");
    });
    assertThat(VoiceCatalogue.official().byFileName("fr_FR-siwis-medium.onnx")).isPresent();
    assertThat(VoiceCatalogue.official().byFileName("dummy-voice.onnx")).isEmpty();
  }

  @Test
  void catalogedVoicesAreCheckedBySizeAndMd5() throws Exception {
    Path voice = PiperVoices.dummy(dir);
    byte[] bytes = Files.readAllBytes(voice);
    VoiceCatalogue catalogue = new VoiceCatalogue("{\"xx_XX-dummy-low\": {\"files\": {"
        + "\"xx/xx_XX/dummy/low/dummy-voice.onnx\": {\"size_bytes\": " + bytes.length + ", \"md5_digest\": \""
        + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"}}}}");

    assertThatCode(() -> catalogue.verify(voice)).doesNotThrowAnyException();
    assertThatCode(() -> catalogue.verify(PiperVoices.single(dir))).doesNotThrowAnyException(); // not catalogued

    Path corrupt = Files.createDirectory(dir.resolve("corrupt")).resolve("dummy-voice.onnx");
    byte[] flipped = bytes.clone();
    flipped[flipped.length / 2] ^= 1;
    Files.write(corrupt, flipped);
    assertThatThrownBy(() -> catalogue.verify(corrupt)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(corrupt.toString()).hasMessageContaining("MD5").hasMessageContaining("Download it again");

    Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> catalogue.verify(corrupt)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining((bytes.length - 10) + " bytes instead of " + bytes.length);
  }
}
