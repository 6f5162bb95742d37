package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The compiled module-info: only the phonemizer is API; the engines are services. */
class ModuleDescriptorTest {

  @Test
  void exportsThePhonemizerAndProvidesBothEngines() {
    ModuleDescriptor module = ModuleFinder.of(Path.of("target", "classes")).findAll().iterator().next().descriptor();

    assertThat(module.name()).isEqualTo("dev.speech4j.tts.piper");
    assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.speech4j.tts.espeak");
    assertThat(module.provides()).singleElement().satisfies(p -> {
      assertThat(p.service()).isEqualTo("dev.speech4j.spi.SynthesizerProvider");
      assertThat(p.providers()).containsExactly(EspeakProvider.class.getName(), PiperProvider.class.getName());
    });
    assertThat(module.requires()).extracting(ModuleDescriptor.Requires::name).containsExactlyInAnyOrder(
        "java.base", "dev.speech4j.api", "org.slf4j", "com.sun.jna", "com.microsoft.onnxruntime", "com.google.gson");
  }
}
