package dev.speech4j.benchmarks;

import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import dev.speech4j.spark.SparkTranscriptionOptions;
import dev.speech4j.spark.SpeechSpark;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.TranscriptionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Seconds to transcribe a batch of {@code files} (16) (jfk.wav and LJSpeech clips, 1.9 to 11 s) with whisper-cpp on
 * {@link WhisperBenchmarkModel}'s tiny-dims model, greedy: the library in a plain loop ({@code loop}), against
 * {@link SpeechSpark} on {@code local[1]} and {@code local[2]} with as many decodes per executor as cores.
 * {@code local[1] / loop} is Spark's overhead; {@code local[1] / local[2]} its scaling. Spark is not in the
 * benchmarks jar: run with its jars on the class path and the JVM flags it needs (the parent POM's
 * {@code spark.jvm.options}; JMH's fork inherits them), e.g.
 * {@code java $SPARK_OPENS -cp "benchmarks/target/benchmarks.jar:$SPARK_HOME/jars/*" org.openjdk.jmh.Main SparkBatch}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class SparkBatchBenchmark {
  @Param({"loop", "local[1]", "local[2]"})
  public String runner;

  @Param("16")
  public int files;

  private Path dir;
  private String model;
  private Transcriber library;
  private SparkSession spark;
  private SparkTranscriptionOptions options;

  @Setup
  public void setUp() throws IOException {
    model = WhisperBenchmarkModel.require("ggml-model.bin").resolve("ggml-model.bin").toAbsolutePath().toString();
    Path shared = WhisperBenchmarkModel.jfk().getParent();
    List<Path> clips = new ArrayList<>(List.of(shared.resolve("jfk.wav")));
    try (Stream<Path> lj = Files.list(shared.resolve("ljspeech-coqui"))) {
      lj.filter(p -> p.toString().endsWith(".wav")).sorted().forEach(clips::add);
    }
    dir = Files.createTempDirectory("speech4j-spark-bench");
    for (int i = 0; i < files; i++) {
      Files.copy(clips.get(i % clips.size()), dir.resolve("clip-" + i + ".wav"));
    }
    if (runner.equals("loop")) {
      library = Speech.transcriber("whisper-cpp", ModelRef.of(Path.of(model)));
    } else {
      int cores = Integer.parseInt(runner.replaceAll("\\D", ""));
      spark = SparkSession.builder().master(runner).appName("speech4j-bench").config("spark.ui.enabled", "false")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      options = SparkTranscriptionOptions.builder("whisper-cpp:" + model).decodesPerExecutor(cores).build();
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    if (library != null) {
      library.close();
    }
    if (spark != null) {
      spark.stop();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Transcribes the batch; returns what was decoded, so nothing is optimised away. */
  @Benchmark
  public long batch() {
    if (library != null) {
      long chars = 0;
      try (Stream<Path> paths = Files.list(dir)) {
        for (Path f : (Iterable<Path>) paths.sorted()::iterator) {
          chars += library.transcribe(f, TranscriptionOptions.defaults()).text().length();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return chars;
    }
    return SpeechSpark.transcribe(SpeechSpark.audioFiles(spark, dir + "/*.wav"), options)
        .where("error IS NULL").count();
  }
}
