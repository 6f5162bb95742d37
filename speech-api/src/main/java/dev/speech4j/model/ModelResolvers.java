package dev.speech4j.model;

import dev.speech4j.ModelNotFoundException;
import dev.speech4j.internal.Services;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Asks the installed resolvers in priority order. */
final class ModelResolvers {
  private ModelResolvers() {}

  static Path resolve(String name, String engine) {
    List<ModelResolver> resolvers = installed();
    for (ModelResolver resolver : resolvers) {
      Optional<Path> found = resolver.resolve(name, engine);
      if (found.isPresent()) {
        return found.get();
      }
    }
    StringBuilder looked = new StringBuilder();
    for (ModelResolver resolver : resolvers) {
      looked.append(looked.length() == 0 ? "" : ", ").append(resolver.describe());
    }
    throw new ModelNotFoundException("model '" + name + "' for engine '" + engine + "' not found; looked in "
        + looked + ". Put it in " + engine + "/" + name + " under the models directory (system property "
        + "speech4j.models or SPEECH4J_MODELS), or pass a file path");
  }

  private static List<ModelResolver> installed() {
    List<ModelResolver> resolvers = new ArrayList<>(Services.load(ModelResolver.class));
    resolvers.add(LocalModelResolver.fromEnvironment());
    resolvers.sort(Comparator.comparingInt(ModelResolver::priority).reversed());
    return resolvers;
  }

}
