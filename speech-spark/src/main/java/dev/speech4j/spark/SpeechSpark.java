package dev.speech4j.spark;

import static org.apache.spark.sql.functions.col;

import dev.speech4j.InvalidOptionsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcription of many files on Apache Spark: one row per file, as {@link #SCHEMA} describes.
 *
 * <pre>{@code
 * SparkTranscriptionOptions options = SparkTranscriptionOptions.builder("whisper-cpp:tiny.en").build();
 * Dataset<Row> files = SpeechSpark.audioFiles(spark, "recordings/**}{@code /*.wav");
 * SpeechSpark.transcribeTo(files, "transcripts.parquet", "parquet", options);   // resumable
 * }</pre>
 *
 * <p>Each executor JVM loads the model once, on first use, and shares it between its tasks, at most
 * {@link SparkTranscriptionOptions#decodesPerExecutor()} decoding at once. A file that cannot be decoded or
 * transcribed gives a row with {@code error} set, so one bad file never fails the job. Output is written through
 * Spark's commit protocol, so a retried task adds no rows; {@link #transcribeTo} commits every
 * {@link SparkTranscriptionOptions#filesPerCommit()} files and, run again, skips the files the output holds.
 */
public final class SpeechSpark {
  private static final Logger LOG = LoggerFactory.getLogger(SpeechSpark.class);

  /** A segment: {@code start}, {@code end} (seconds), {@code text}, {@code avg_logprob}, {@code no_speech_prob}. */
  public static final StructType SEGMENT = new StructType().add("start", DataTypes.DoubleType)
      .add("end", DataTypes.DoubleType).add("text", DataTypes.StringType).add("avg_logprob", DataTypes.DoubleType)
      .add("no_speech_prob", DataTypes.DoubleType);

  /** A word: {@code start}, {@code end} (seconds), {@code word}, {@code probability}. */
  public static final StructType WORD = new StructType().add("start", DataTypes.DoubleType)
      .add("end", DataTypes.DoubleType).add("word", DataTypes.StringType).add("probability", DataTypes.DoubleType);

  /**
   * A transcribed file: {@code path}, {@code sha256} (of its bytes), {@code duration} (seconds), {@code language},
   * {@code text}, {@code segments}, {@code words} (null unless asked for), {@code engine}, {@code model},
   * {@code error} (null when fine, and then the transcript fields are null), {@code elapsed_ms}.
   */
  public static final StructType SCHEMA = new StructType().add("path", DataTypes.StringType)
      .add("sha256", DataTypes.StringType).add("duration", DataTypes.DoubleType)
      .add("language", DataTypes.StringType).add("text", DataTypes.StringType)
      .add("segments", DataTypes.createArrayType(SEGMENT)).add("words", DataTypes.createArrayType(WORD))
      .add("engine", DataTypes.StringType).add("model", DataTypes.StringType).add("error", DataTypes.StringType)
      .add("elapsed_ms", DataTypes.LongType);

  /** What {@link #audioFiles} lists: {@code path}, {@code length}. */
  private static final StructType FILES = new StructType().add("path", DataTypes.StringType)
      .add("length", DataTypes.LongType);

  private SpeechSpark() {}

  /**
   * The files {@code glob} names, as a dataset of {@code path} (a URI) and {@code length}, listed on the driver
   * through Hadoop's file systems, so any of them works ({@code file:}, {@code hdfs:}, {@code s3a:}, …). A
   * {@code **} takes every folder below it: {@code recordings/**}{@code /*.wav}. Empty files are listed too (and get
   * an error row), unlike with Spark's {@code binaryFile} source.
   *
   * @throws InvalidOptionsException if nothing matches
   */
  public static Dataset<Row> audioFiles(SparkSession spark, String glob) {
    List<Row> files = new ArrayList<>();
    try {
      int deep = glob.indexOf("**");
      Path pattern = new Path(deep < 0 ? glob : glob.substring(0, deep).isEmpty() ? "." : glob.substring(0, deep));
      FileSystem fs = pattern.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (deep < 0) {
        FileStatus[] found = fs.globStatus(pattern);
        for (FileStatus f : found == null ? new FileStatus[0] : found) {
          if (f.isFile()) {
            files.add(RowFactory.create(f.getPath().toString(), f.getLen()));
          }
        }
      } else if (fs.exists(pattern)) {
        String names = glob.substring(glob.lastIndexOf('/') + 1);
        GlobPattern name = new GlobPattern(names.equals("**") ? "*" : names);
        for (RemoteIterator<LocatedFileStatus> it = fs.listFiles(pattern, true); it.hasNext(); ) {
          LocatedFileStatus f = it.next();
          if (name.matches(f.getPath().getName())) {
            files.add(RowFactory.create(f.getPath().toString(), f.getLen()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + glob + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new InvalidOptionsException("no file matches " + glob);
    }
    files.sort(java.util.Comparator.comparing(r -> r.getString(0)));
    return spark.createDataFrame(files, FILES);
  }

  /**
   * Transcribes every row of {@code input}: a {@code path} column, read by the executors through Hadoop's file
   * systems, or also a {@code content} column of the file's bytes (as Spark's {@code binaryFile} source gives).
   * Lazy, like any dataset.
   *
   * @throws InvalidOptionsException if {@code input} has no {@code path} column
   */
  public static Dataset<Row> transcribe(Dataset<Row> input, SparkTranscriptionOptions options) {
    return transcribe(input, options, Set.of());
  }

  /**
   * Transcribes {@code input} (as for {@link #transcribe}) into {@code output}, in {@code format} ({@code parquet} or
   * {@code json}), one commit per {@link SparkTranscriptionOptions#filesPerCommit()} files. Files already in
   * {@code output}, by path and content hash, are skipped: run it again after a failure and each file ends up there
   * once.
   *
   * @return the files transcribed by this run
   */
  public static long transcribeTo(Dataset<Row> input, String output, String format,
      SparkTranscriptionOptions options) {
    if (!format.equals("parquet") && !format.equals("json")) {
      throw new InvalidOptionsException("output format must be parquet or json, not '" + format + "'");
    }
    SparkSession spark = input.sparkSession();
    Set<String> done = new HashSet<>();
    if (exists(spark, output)) {
      for (Row r : spark.read().schema(SCHEMA).format(format).load(output).select("path", "sha256")
          .collectAsList()) {
        done.add(r.getString(0) + " " + r.getString(1));
      }
    }
    List<String> paths = new ArrayList<>(input.select("path").as(Encoders.STRING()).collectAsList());
    paths.sort(null);
    LOG.info("{} files, {} of them transcribed before, into {}", paths.size(), done.size(), output);
    long written = 0;
    int commits = (paths.size() + options.filesPerCommit() - 1) / options.filesPerCommit();
    for (int commit = 0; commit < commits; commit++) {
      int from = commit * options.filesPerCommit();
      List<String> batch = paths.subList(from, Math.min(paths.size(), from + options.filesPerCommit()));
      spark.sparkContext().setJobDescription("speech4j commit " + (commit + 1) + " of " + commits);
      Dataset<Row> rows = transcribe(input.where(col("path").isin(batch.toArray())), options, done).cache();
      try {
        long n = rows.count();
        if (n > 0) {
          rows.write().mode(SaveMode.Append).format(format).save(output);
        }
        written += n;
      } finally {
        rows.unpersist();
        spark.sparkContext().setJobDescription(null);
      }
      LOG.info("commit {} of {}: {} files", commit + 1, commits, written);
    }
    return written;
  }

  private static Dataset<Row> transcribe(Dataset<Row> input, SparkTranscriptionOptions options, Set<String> done) {
    List<String> columns = Arrays.asList(input.columns());
    if (!columns.contains("path")) {
      throw new InvalidOptionsException("the input needs a 'path' column (and 'content', the bytes, unless every "
          + "executor can read the paths); it has " + columns);
    }
    SparkContext sc = input.sparkSession().sparkContext();
    Broadcast<Set<String>> skip = JavaSparkContext.fromSparkContext(sc).broadcast(done);
    TranscribeFiles work = new TranscribeFiles(options, columns.contains("content"),
        new HadoopFiles(sc.hadoopConfiguration()), skip);
    return input.repartition(4 * sc.defaultParallelism()).mapPartitions(work, Encoders.row(SCHEMA));
  }

  private static boolean exists(SparkSession spark, String output) {
    try {
      Path path = new Path(output);
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + output + ": " + e.getMessage(), e);
    }
  }
}
