package dev.speech4j.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An engine's models by name: which Hub files {@code tiny.en} or {@code en_US-lessac-medium} stand for. Engines
 * register one with {@code provides dev.speech4j.model.ModelCatalog} (and {@code META-INF/services}); the names
 * themselves are data the engine ships, not code. {@link ModelStore} asks it after the local model folders.
 */
public interface ModelCatalog {

  /** The engine whose names these are, e.g. {@code "whisper-cpp"}. */
  String engine();

  /** Every name this catalog knows, sorted, for listings and "did you mean" hints. */
  Set<String> names(HubClient hub);

  /**
   * The Hub files of the model called {@code name}: first the one the engine loads, then any it needs beside it.
   *
   * @param hub the client to read an online catalog with, if the catalog is itself a Hub file
   */
  Optional<List<HubFile>> files(String name, HubClient hub);

  /** The files a {@code hf://} reference stands for: by default the one file it names. */
  default List<HubFile> files(HubFile reference) {
    return List.of(reference);
  }

  /** Whether {@code reference} names a file of this engine's format, told by its name. */
  default boolean accepts(HubFile reference) {
    return true;
  }
}
