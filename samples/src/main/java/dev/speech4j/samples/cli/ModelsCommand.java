package dev.speech4j.samples.cli;

import dev.speech4j.ModelNotFoundException;
import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.model.HubCache;
import dev.speech4j.model.HubFile;
import dev.speech4j.model.ModelCatalog;
import dev.speech4j.model.ModelRef;
import dev.speech4j.model.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Downloads, lists and removes models in the Hugging Face Hub cache. */
@Command(name = "models", description = "Download, list and remove models (Hugging Face Hub cache).",
    subcommands = {ModelsCommand.Pull.class, ModelsCommand.ListModels.class, ModelsCommand.Remove.class})
final class ModelsCommand {

  /**
   * Downloads {@code ref} for {@code engine} with a progress bar unless it is on disk already; returns a reference
   * to the local files, or {@code ref} itself when it is not a download.
   */
  static ModelRef pull(ModelRef ref, String engine, PrintWriter err) {
    ModelStore store = ModelStore.fromEnvironment();
    if (store.find(ref, engine).isPresent()) {
      return ref;
    }
    Optional<List<HubFile>> files = store.hubFiles(ref, engine);
    if (files.isEmpty()) {
      return ref;
    }
    return ModelRef.of(download(store, files.get(), err));
  }

  private static Path download(ModelStore store, List<HubFile> files, PrintWriter err) {
    DownloadProgress progress = new DownloadProgress(err);
    Path first = null;
    for (HubFile file : files) {
      Path path = store.hub().download(file, progress);
      first = first == null ? path : first;
    }
    return first;
  }

  /** What {@code model} stands for to an engine: the engine and the Hub files. */
  private record Target(String engine, ModelStore store, List<HubFile> files) {
    static Target of(String model, String engine) {
      ModelRef ref = ModelRef.parse(model);
      String chosen = engineFor(ref, engine);
      ModelStore store = ModelStore.fromEnvironment();
      List<HubFile> files = store.hubFiles(ref, chosen).orElseThrow(() -> new ModelNotFoundException(
          "engine '" + chosen + "' has no model called '" + model + "': see `speech4j models list --available "
              + "--engine " + chosen + "`"));
      return new Target(chosen, store, files);
    }
  }

  /** The engine whose catalog knows {@code ref}, the best by priority, unless one is named. */
  private static String engineFor(ModelRef ref, String engine) {
    if (engine != null) {
      return engine;
    }
    List<String> knowing = ModelStore.fromEnvironment().enginesKnowing(ref);
    return Speech.providers().stream().map(ProviderInfo::name).filter(knowing::contains).findFirst()
        .orElseThrow(() -> new ModelNotFoundException("no engine's catalog knows '" + ref + "': see `speech4j models "
            + "list --available`, or name the engine with --engine and give hf://owner/repo/FILE"));
  }

  @Command(name = "pull", description = "Download a model (or check that the cached one is current).")
  static final class Pull implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A name such as tiny.en or en_US-lessac-medium, or "
        + "hf://owner/repo/FILE[@revision].")
    String model;

    @Option(names = "--engine", paramLabel = "NAME", description = "The engine the model is for (default: the one "
        + "whose catalog knows the name).")
    String engine;

    @Override
    public Integer call() {
      Target target = Target.of(model, engine);
      Path path = download(target.store(), target.files(), spec.commandLine().getErr());
      spec.commandLine().getOut().println(target.engine() + "\t" + model + "\t" + path);
      return 0;
    }
  }

  @Command(name = "list", description = "List the cached models with their size and source, or the names an "
      + "engine can download.")
  static final class ListModels implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--available", description = "List the names each engine can download instead.")
    boolean available;

    @Option(names = "--engine", paramLabel = "NAME", description = "Only this engine's names.")
    String engine;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ModelStore store = ModelStore.fromEnvironment();
      if (available) {
        for (ProviderInfo provider : Speech.providers()) {
          Optional<ModelCatalog> catalog = ModelStore.catalog(provider.name());
          if (catalog.isPresent() && (engine == null || engine.equals(provider.name()))) {
            out.println(provider.name() + ": " + String.join(" ", catalog.get().names(store.hub())));
          }
        }
        return 0;
      }
      HubCache cache = store.hub().cache();
      out.println("# " + cache.root());
      long total = 0;
      for (HubCache.Entry entry : cache.entries()) {
        total += entry.size();
        out.printf(Locale.ROOT, "%10s  hf://%s/%s@%s%n", size(entry.size()), entry.file().repo(), entry.file().path(),
            entry.commit().substring(0, 8));
      }
      out.printf(Locale.ROOT, "%10s  total%n", size(total));
      return 0;
    }

    private static String size(long bytes) {
      return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
          : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
  }

  @Command(name = "rm", description = "Remove a model's files from the cache.")
  static final class Remove implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A name such as tiny.en, or hf://owner/repo/FILE.")
    String model;

    @Option(names = "--engine", paramLabel = "NAME", description = "The engine the name is for.")
    String engine;

    @Override
    public Integer call() {
      Target target = Target.of(model, engine);
      HubCache cache = target.store().hub().cache();
      int removed = 0;
      for (HubFile file : target.files()) {
        removed += cache.remove(file);
      }
      if (removed == 0) {
        throw new ModelNotFoundException(model + " is not in the cache " + cache.root());
      }
      spec.commandLine().getOut().println("removed " + removed + " file(s) of " + model);
      return 0;
    }
  }
}
