package dev.speech4j.model;

import dev.speech4j.internal.Services;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Asks the installed resolvers in priority order. */
final class ModelResolvers {
  private ModelResolvers() {}

  static Optional<Path> find(String name, String engine) {
    for (ModelResolver resolver : installed()) {
      Optional<Path> found = resolver.resolve(name, engine);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  static List<ModelResolver> installed() {
    List<ModelResolver> resolvers = new ArrayList<>(Services.load(ModelResolver.class));
    resolvers.add(LocalModelResolver.fromEnvironment());
    resolvers.sort(Comparator.comparingInt(ModelResolver::priority).reversed());
    return resolvers;
  }
}
