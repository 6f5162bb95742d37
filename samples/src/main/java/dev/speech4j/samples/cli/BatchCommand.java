package dev.speech4j.samples.cli;

import dev.speech4j.EngineUnavailableException;
import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import dev.speech4j.spark.SparkTranscriptionOptions;
import dev.speech4j.spark.SpeechSpark;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Transcribes many files on Apache Spark into Parquet or JSON, resumably. */
@Command(name = "batch", description = "Transcribe many files on Apache Spark 4 (run through spark-submit, or with "
    + "Spark's jars on the class path): one row per file, resumable.")
final class BatchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[*] (default: what "
      + "spark-submit sets, else local[*]).")
  String master;

  @Option(names = "--input", required = true, paramLabel = "GLOB", description = "Files to transcribe; ** takes "
      + "every folder below it: 'recordings/**/*.wav' (quote it). Any Hadoop file system: hdfs://, s3a://, ….")
  String input;

  @Option(names = "--output", required = true, paramLabel = "PATH", description = "Where the rows go; files "
      + "already there (same path and content) are skipped.")
  String output;

  @Option(names = "--format", paramLabel = "parquet|json", description = "Output format (default parquet, json "
      + "when the output ends in .json).")
  String format;

  @Option(names = "--model", required = true, paramLabel = "[ENGINE:]MODEL", description = "The model every "
      + "executor loads: a catalog name (tiny.en), a path they all see, ENGINE:MODEL, or ENGINE:sparkfiles:NAME for "
      + "a file shipped with --files.")
  String model;

  @Option(names = "--language", paramLabel = "CODE", description = "Spoken language (default: detected per file).")
  String language;

  @Option(names = "--vad-filter", description = "Decode only the speech the VAD finds.")
  boolean vadFilter;

  @Option(names = "--word-timestamps", description = "Add a words column.")
  boolean words;

  @Option(names = "--decodes-per-executor", paramLabel = "N", description = "Decodes at once per executor JVM "
      + "(default 1).")
  int decodes = 1;

  @Option(names = "--files-per-commit", paramLabel = "N", description = "Files per output commit (default 64).")
  int filesPerCommit = 64;

  @Override
  public Integer call() {
    requireSpark();
    String entry = model.contains(":") && !model.startsWith("hf://") ? model
        : Speech.engineFor(ProviderInfo.Kind.TRANSCRIBER, ModelRef.parse(model)) + ":" + model;
    SparkTranscriptionOptions options = SparkTranscriptionOptions.builder(entry).language(language)
        .vadFilter(vadFilter).wordTimestamps(words).decodesPerExecutor(decodes).filesPerCommit(filesPerCommit)
        .build();
    String as = format != null ? format : output.endsWith(".json") ? "json" : "parquet";
    SparkSession.Builder builder = SparkSession.builder().appName("speech4j batch")
        .config("spark.ui.showConsoleProgress", "true"); // Spark's own progress bar, on stderr
    if (master != null) {
      builder.master(master);
    } else if (System.getProperty("spark.master") == null) {
      builder.master("local[*]");
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      long done = SpeechSpark.transcribeTo(SpeechSpark.audioFiles(spark, input), output, as, options);
      long errors = spark.read().schema(SpeechSpark.SCHEMA).format(as).load(output).where("error IS NOT NULL")
          .count();
      PrintWriter out = spec.commandLine().getOut();
      out.println("transcribed " + done + " files into " + output + " (" + as + "; " + errors + " rows there have "
          + "an error)");
      out.flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static void requireSpark() {
    try {
      Class.forName("org.apache.spark.sql.SparkSession", false, BatchCommand.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new EngineUnavailableException("speech4j batch runs on Apache Spark 4 (Scala 2.13), which is not on the "
          + "class path. Run it through Spark: spark-submit --class dev.speech4j.samples.cli.Main speech4j.jar batch "
          + "--input ... (Spark from https://spark.apache.org/downloads.html)");
    }
  }
}
