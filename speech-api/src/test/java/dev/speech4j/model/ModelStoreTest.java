package dev.speech4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

  /** A path is local when it exists; a name for an engine without a catalog is the engine's own to check. */
  @Test
  void tellsWhatLoadsWithoutADownload(@TempDir Path dir) throws IOException {
    ModelStore store = new ModelStore(HubClient.builder().cache(new HubCache(dir.resolve("hub"))).offline(true)
        .build());
    Path model = Files.writeString(dir.resolve("model.bin"), "x");
    assertThat(store.isLocal(ModelRef.of(model), "some-engine")).isTrue();
    assertThat(store.isLocal(ModelRef.of(dir.resolve("missing.bin")), "some-engine")).isFalse();
    assertThat(store.isLocal(ModelRef.named("en-us"), "an-engine-without-a-catalog")).isTrue();
  }
}
