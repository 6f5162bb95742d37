package dev.speech4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark session ({@code local[2]}, three attempts per task) over 24 files from {@code ../shared}: WAV, FLAC
 * and MP3, copies, one file that is not audio, one empty and one truncated, in nested folders. Each run copies them in
 * a fresh random order and names.
 */
class SpeechSparkTest {
  static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();

  static SparkSession spark;
  static Path model;
  static Path recordings;
  /** Each file's library transcript, or null where the library refuses the file. */
  static Map<String, String> expected = new HashMap<>();

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    recordings = dir.resolve("recordings");
    long seed = System.nanoTime();
    System.out.println("SpeechSparkTest seed " + seed);
    Random random = new Random(seed);
    List<Path> sources = new java.util.ArrayList<>(List.of(SharedData.testdata("jfk.wav"),
        SharedData.testdata("jfk.flac"), SharedData.testdata("jfk.mp3")));
    for (int i = 1; i <= 8; i++) {
      sources.add(SharedData.testdata("ljspeech-coqui/LJ001-000" + i + ".wav"));
    }
    Map<Path, String> texts = new HashMap<>();
    try (Transcriber library = Speech.transcriber("whisper-cpp", ModelRef.of(model))) {
      for (Path source : sources) {
        texts.put(source, library.transcribe(source, TranscriptionOptions.defaults()).text());
      }
    }
    for (int i = 0; i < 21; i++) {
      Path source = sources.get(i < sources.size() ? i : random.nextInt(sources.size())); // then copies
      Path file = recordings.resolve("day" + random.nextInt(3)).resolve("call-" + i + "-" + random.nextInt(1000)
          + source.getFileName().toString().replaceAll(".*\\.", "."));
      Files.createDirectories(file.getParent());
      Files.copy(source, file);
      expected.put(file.toUri().toString(), texts.get(source));
    }
    byte[] notAudio = new byte[5000];
    random.nextBytes(notAudio);
    Path junk = Files.write(recordings.resolve("day0/not-audio.wav"), notAudio);
    Path empty = Files.write(recordings.resolve("day1/empty.wav"), new byte[0]);
    byte[] jfk = Files.readAllBytes(SharedData.testdata("jfk.wav"));
    Path cut = Files.write(recordings.resolve("day2/cut.wav"), java.util.Arrays.copyOf(jfk, 30));
    for (Path bad : List.of(junk, empty, cut)) {
      expected.put(bad.toUri().toString(), null);
    }
    spark = SparkSession.builder().master("local[2,3]").appName("speech4j-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** One row per file; the text is the library's for the same file; the files the library refuses have an error. */
  @Test
  void transcribesEveryFileAsTheLibraryDoesWithErrorsInTheirRows() {
    SparkTranscriptionOptions options = SparkTranscriptionOptions.builder("whisper-cpp:" + model)
        .decodesPerExecutor(2).build();
    List<Row> rows = SpeechSpark.transcribe(SpeechSpark.audioFiles(spark, recordings + "/**/*"), options)
        .collectAsList();
    assertThat(rows).hasSize(expected.size());
    for (Row row : rows) {
      String path = uri(row.getAs("path"));
      assertThat(expected).containsKey(path);
      String text = expected.get(path);
      if (text == null) {
        assertThat((String) row.getAs("error")).as(path).isNotBlank();
        assertThat((Object) row.getAs("text")).isNull();
      } else {
        assertThat((String) row.getAs("error")).as(path).isNull();
        assertThat((String) row.getAs("text")).as(path).isEqualTo(text);
        assertThat((String) row.getAs("language")).isEqualTo("en");
        assertThat((Double) row.getAs("duration")).isGreaterThan(1.0);
        assertThat(row.getList(row.fieldIndex("segments"))).isNotEmpty();
        assertThat((String) row.getAs("sha256")).hasSize(64);
      }
      assertThat((String) row.getAs("engine")).isEqualTo("whisper-cpp");
      assertThat((Long) row.getAs("elapsed_ms")).isNotNegative();
    }
  }

  /** A job killed after two of its five commits, run again: each file ends up in the output exactly once. */
  @Test
  void resumesAKilledJobWithEachFileOnce(@TempDir Path out) {
    String output = out.resolve("transcripts.parquet").toString();
    SparkTranscriptionOptions options = SparkTranscriptionOptions.builder("whisper-cpp:" + model)
        .filesPerCommit(5).build();
    SparkListener killer = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        if (String.valueOf(start.properties().getProperty("spark.job.description")).startsWith("speech4j commit 3 ")) {
          spark.sparkContext().cancelJob(start.jobId());
        }
      }
    };
    spark.sparkContext().addSparkListener(killer);
    try {
      assertThatThrownBy(() -> SpeechSpark.transcribeTo(SpeechSpark.audioFiles(spark, recordings + "/**/*"),
          output, "parquet", options)).hasMessageContaining("cancel");
    } finally {
      spark.sparkContext().removeSparkListener(killer);
    }
    long before = spark.read().parquet(output).count();
    assertThat(before).as("the two commits made before the kill").isEqualTo(10);

    long done = SpeechSpark.transcribeTo(SpeechSpark.audioFiles(spark, recordings + "/**/*"), output, "parquet",
        options);
    assertThat(done).isEqualTo(expected.size() - before);
    List<String> paths = spark.read().parquet(output).select("path").as(Encoders.STRING()).collectAsList();
    assertThat(paths.stream().map(SpeechSparkTest::uri)).containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(SpeechSpark.transcribeTo(SpeechSpark.audioFiles(spark, recordings + "/**/*"), output, "parquet",
        options)).as("a third run has nothing left").isZero();
  }

  /**
   * A task that fails after transcribing, and is retried, leaves no duplicate rows in what is written (one folder's
   * files, among them the empty one the failure is injected at).
   */
  @Test
  void aRetriedTaskAddsNoRows(@TempDir Path out) {
    SparkTranscriptionOptions options = SparkTranscriptionOptions.builder("whisper-cpp:" + model).build();
    FAIL_ONCE.set(true);
    String output = out.resolve("json").toString();
    SpeechSpark.transcribe(SpeechSpark.audioFiles(spark, recordings + "/day1/*"), options)
        .map((MapFunction<Row, Row>) row -> {
          if (row.getString(0).endsWith("empty.wav") && FAIL_ONCE.getAndSet(false)) { // rows made here have no schema
            throw new IllegalStateException("injected failure of a task that has written rows");
          }
          return row;
        }, Encoders.row(SpeechSpark.SCHEMA)).write().mode(SaveMode.Overwrite).json(output);
    assertThat(FAIL_ONCE).isFalse();
    List<String> paths = spark.read().schema(SpeechSpark.SCHEMA).json(output).select("path")
        .as(Encoders.STRING()).collectAsList();
    assertThat(paths.stream().map(SpeechSparkTest::uri)).containsExactlyInAnyOrderElementsOf(
        expected.keySet().stream().filter(p -> p.contains("/day1/")).toList());
  }

  /** Paths alone, read by the executors; word timestamps asked for; the language detected. */
  @Test
  void readsPathsAloneWithWordTimestamps() {
    Path jfk = recordings.resolve("jfk-alone.wav");
    Dataset<Row> paths = spark.createDataset(List.of(jfk.toString(), recordings.resolve("missing.wav").toString()),
        Encoders.STRING()).toDF("path");
    try {
      Files.copy(SharedData.testdata("jfk.wav"), jfk);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    SparkTranscriptionOptions options = SparkTranscriptionOptions.builder("whisper-cpp:" + model)
        .wordTimestamps(true).build();
    List<Row> rows = SpeechSpark.transcribe(paths, options).orderBy("path").collectAsList();
    assertThat(rows).hasSize(2);
    Row ok = rows.get(0);
    assertThat((String) ok.getAs("error")).isNull();
    assertThat(ok.getList(ok.fieldIndex("words"))).isNotEmpty();
    assertThat((String) rows.get(1).getAs("error")).contains("missing.wav");
    try {
      Files.delete(jfk);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** VAD gating and language detection per file, with a multilingual model, give what the library gives. */
  @Test
  void gatesByVadAndDetectsTheLanguageAsTheLibraryDoes() {
    Path multilingual = WhisperReference.testModels().resolve("micro-ml/ggml-model.bin");
    TranscriptionOptions gated = TranscriptionOptions.builder().vadFilter(true).build();
    Dataset<Row> files = SpeechSpark.audioFiles(spark, recordings + "/**/*")
        .where("path LIKE '%/call-0-%' OR path LIKE '%/call-2-%' OR path LIKE '%/call-5-%'");
    List<Row> rows = SpeechSpark.transcribe(files, SparkTranscriptionOptions.builder("whisper-cpp:" + multilingual)
        .vadFilter(true).decodesPerExecutor(2).build()).collectAsList();
    assertThat(rows).hasSize(3);
    try (Transcriber library = Speech.transcriber("whisper-cpp", ModelRef.of(multilingual))) {
      for (Row row : rows) {
        var t = library.transcribe(Path.of(java.net.URI.create(uri(row.getAs("path")))), gated);
        assertThat((String) row.getAs("error")).isNull();
        assertThat((String) row.getAs("language")).isEqualTo(t.language());
        assertThat((String) row.getAs("text")).isEqualTo(t.text());
      }
    }
  }

  /** A model shipped with the job ({@code spark-submit --files}) is named {@code ENGINE:sparkfiles:NAME}. */
  @Test
  void loadsAModelShippedWithTheJob() {
    spark.sparkContext().addFile(model.toString());
    SparkTranscriptionOptions options = SparkTranscriptionOptions.builder("whisper-cpp:sparkfiles:"
        + model.getFileName()).build();
    Dataset<Row> one = SpeechSpark.audioFiles(spark, recordings + "/**/*").where("path LIKE '%/call-0-%'");
    Row row = SpeechSpark.transcribe(one, options).collectAsList().get(0);
    assertThat(expected.get(uri(row.getAs("path")))).isNotNull().isEqualTo(row.getAs("text"));
    assertThat((String) row.getAs("model")).isEqualTo("sparkfiles:" + model.getFileName());
  }

  @Test
  void refusesInputWithoutPathsAndUnknownFormats() {
    SparkTranscriptionOptions options = SparkTranscriptionOptions.builder("whisper-cpp:" + model).build();
    Dataset<Row> noPath = spark.createDataset(List.of("a"), Encoders.STRING()).toDF("file");
    assertThatThrownBy(() -> SpeechSpark.transcribe(noPath, options))
        .isInstanceOf(dev.speech4j.InvalidOptionsException.class).hasMessageContaining("'path'");
    assertThatThrownBy(() -> SpeechSpark.transcribeTo(noPath, "x", "csv", options))
        .hasMessageContaining("parquet or json");
    assertThatThrownBy(() -> SparkTranscriptionOptions.builder("no-colon"))
        .isInstanceOf(dev.speech4j.InvalidOptionsException.class);
  }

  /** A path as a {@code file:} URI, however Spark spelled it ({@code file:/x} or {@code file:///x}). */
  static String uri(String path) {
    return path.startsWith("file:") ? Path.of(java.net.URI.create(path)).toUri().toString()
        : Path.of(path).toUri().toString();
  }
}
