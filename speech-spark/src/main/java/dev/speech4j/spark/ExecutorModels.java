package dev.speech4j.spark;

import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.ServiceConfig;
import dev.speech4j.service.SpeechService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.SparkFiles;

/**
 * The models of one executor JVM: each loaded once, on first use, and shared by every task the executor runs, through
 * a {@link SpeechService} that bounds the decodes running at once; and the threads that run them. They live as long
 * as the JVM.
 */
final class ExecutorModels {
  private static final String SPARK_FILES = "sparkfiles:";
  private static final Map<String, SpeechService> SERVICES = new ConcurrentHashMap<>();
  private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "speech4j-spark-decode");
    t.setDaemon(true);
    return t;
  });

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> SERVICES.values().forEach(SpeechService::close),
        "speech4j-spark-unload"));
  }

  private ExecutorModels() {}

  /** The threads that decode a partition's files side by side. */
  static ExecutorService workers() {
    return WORKERS;
  }

  /** The service of {@code options}' model on this JVM. */
  static SpeechService service(SparkTranscriptionOptions options) {
    return SERVICES.computeIfAbsent(options.model() + "#" + options.decodesPerExecutor(), key -> {
      ModelEntry entry = entry(options.model());
      return SpeechService.start(ServiceConfig.builder().add(entry).maxConcurrency(options.decodesPerExecutor())
          .maxQueue(100_000).idleTtl(Duration.ofSeconds(-1)).build());
    });
  }

  /** {@code ENGINE:MODEL}, with {@code sparkfiles:NAME} resolved to where Spark put that file on this executor. */
  static ModelEntry entry(String model) {
    ModelEntry entry = ModelEntry.parse(model);
    if (entry.model().startsWith(SPARK_FILES)) {
      return new ModelEntry(entry.engine(), SparkFiles.get(entry.model().substring(SPARK_FILES.length())),
          entry.device());
    }
    return entry;
  }
}
