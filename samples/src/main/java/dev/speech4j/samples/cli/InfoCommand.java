package dev.speech4j.samples.cli;

import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.model.HubClient;
import dev.speech4j.model.LocalModelResolver;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the engines found and whether each can run here, and where models come from. */
@Command(name = "info", description = "List the engines found and whether each is available, with its reason.")
final class InfoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    out.printf("%-12s %-12s %8s  %s%n", "KIND", "ENGINE", "PRIORITY", "STATUS");
    for (ProviderInfo p : Speech.providers()) {
      String status = p.availability().available() ? "available" : "unavailable: " + p.availability().reason();
      out.printf("%-12s %-12s %8d  %s%n", p.kind().name().toLowerCase(java.util.Locale.ROOT), p.name(),
          p.priority(), status);
    }
    HubClient hub = HubClient.fromEnvironment();
    out.printf("%nmodels: %s (local), Hub cache %s, %s%n", LocalModelResolver.fromEnvironment().describe(),
        hub.cache().root(), hub.isOffline() ? "offline" : "downloads from " + hub.endpoint());
    return 0;
  }
}
