package dev.speech4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads service providers, skipping (and logging) any one that fails instead of failing the whole lookup. */
public final class Services {
  private static final Logger LOG = LoggerFactory.getLogger(Services.class);

  private Services() {}

  public static <T> List<T> load(Class<T> service) {
    List<T> found = new ArrayList<>();
    var it = ServiceLoader.load(service, service.getClassLoader()).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return found;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        LOG.warn("skipping a {} that failed to load: {}", service.getSimpleName(), e.getMessage());
      }
    }
  }
}
