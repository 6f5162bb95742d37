package dev.speech4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compiled module-info: what the API exports, uses and provides. */
class ModuleDescriptorTest {

  @Test
  void exportsTheApiAndHidesInternals() {
    ModuleDescriptor module = ModuleFinder.of(Path.of("target", "classes")).findAll().iterator().next().descriptor();

    assertThat(module.name()).isEqualTo("dev.speech4j.api");
    assertThat(module.exports()).filteredOn(e -> !e.isQualified()).extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder("dev.speech4j", "dev.speech4j.audio", "dev.speech4j.model", "dev.speech4j.spi",
            "dev.speech4j.stt", "dev.speech4j.tts", "dev.speech4j.vad");
    assertThat(module.exports()).filteredOn(ModuleDescriptor.Exports::isQualified).singleElement().satisfies(e -> {
      assertThat(e.source()).isEqualTo("dev.speech4j.internal");
      assertThat(e.targets()).containsExactlyInAnyOrder("dev.speech4j.tts.piper", "dev.speech4j.vad.silero");
    });
    assertThat(module.uses()).containsExactlyInAnyOrder("dev.speech4j.spi.TranscriberProvider",
        "dev.speech4j.spi.SynthesizerProvider", "dev.speech4j.spi.VoiceActivityDetectorProvider",
        "dev.speech4j.model.ModelResolver", "dev.speech4j.model.ModelCatalog");
    assertThat(module.provides()).singleElement().satisfies(p -> {
      assertThat(p.service()).isEqualTo("dev.speech4j.spi.VoiceActivityDetectorProvider");
      assertThat(p.providers()).containsExactly("dev.speech4j.internal.EnergyVadProvider");
    });
    assertThat(module.requires()).extracting(ModuleDescriptor.Requires::name)
        .containsExactlyInAnyOrder("java.base", "org.slf4j", "java.net.http", "com.sun.jna");
    // JNA only where an engine brings it, to switch ONNX Runtime's telemetry off: never needed by the API itself
    assertThat(module.requires()).filteredOn(r -> r.name().equals("com.sun.jna")).singleElement()
        .satisfies(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC));
  }

  /** On the module path, with no META-INF/services help, the API still finds its own provider. */
  @Test
  void providersAreFoundOnTheModulePath() throws Exception {
    Path slf4j = Path.of(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleFinder finder = ModuleFinder.of(Path.of("target", "classes"), slf4j);
    Configuration config = ModuleLayer.boot().configuration()
        .resolveAndBind(finder, ModuleFinder.of(), Set.of("dev.speech4j.api"));
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getSystemClassLoader());

    Class<?> spi = layer.findLoader("dev.speech4j.api").loadClass("dev.speech4j.spi.VoiceActivityDetectorProvider");
    assertThat(spi.getModule().getName()).isEqualTo("dev.speech4j.api");
    assertThat(ServiceLoader.load(layer, spi).stream().map(p -> p.type().getName()))
        .containsExactly("dev.speech4j.internal.EnergyVadProvider");
  }
}
