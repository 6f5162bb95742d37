package dev.speech4j.samples.cli;

import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the engines found and whether each can run here. */
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
    return 0;
  }
}
