package dev.speech4j.tts.piper.internal;

import dev.speech4j.model.DownloadListener;
import dev.speech4j.model.HubClient;
import dev.speech4j.model.HubFile;
import dev.speech4j.model.ModelCatalog;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Piper voices by name ({@code en_US-lessac-medium}): each stands for its {@code .onnx} and {@code .onnx.json} in
 * rhasspy/piper-voices, with the size and MD5 the voice catalogue promises. A name the cached catalogue lacks makes
 * the client fetch the Hub's newest {@code voices.json} first, as does the first download of all, so that sizes
 * and MD5s come from the catalogue the files are served with.
 */
public final class PiperVoiceCatalog implements ModelCatalog {

  @Override
  public String engine() {
    return PiperProvider.ENGINE;
  }

  @Override
  public Set<String> names(HubClient hub) {
    return VoiceCatalogue.current(hub.cache()).names();
  }

  @Override
  public Optional<List<HubFile>> files(String name, HubClient hub) {
    if (!hub.isOffline() && (hub.cache().find(VoiceCatalogue.HUB_COPY).isEmpty()
        || VoiceCatalogue.current(hub.cache()).voice(name).isEmpty())) {
      hub.download(VoiceCatalogue.HUB_COPY, DownloadListener.NONE);
    }
    return VoiceCatalogue.current(hub.cache()).voice(name).map(entries -> entries.stream()
        .map(e -> VoiceCatalogue.HUB_COPY.sibling(e.path()).withMd5(e.size(), e.md5())).toList());
  }

  /** A voice's {@code .onnx} (or its {@code .onnx.json}) stands for both files. */
  @Override
  public List<HubFile> files(HubFile reference) {
    String path = reference.path();
    String onnx = path.endsWith(".onnx.json") ? path.substring(0, path.length() - ".json".length()) : path;
    return List.of(reference.sibling(onnx), reference.sibling(onnx + ".json"));
  }

  @Override
  public boolean accepts(HubFile reference) {
    return reference.path().endsWith(".onnx") || reference.path().endsWith(".onnx.json");
  }
}
