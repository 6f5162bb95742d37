package dev.speech4j.spark;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.Word;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The executor side of a job: each input row (a path, and the file's bytes unless only the path is given) becomes one
 * output row of {@link SpeechSpark#SCHEMA}. A file that cannot be read, decoded or transcribed becomes a row with
 * {@code error} set; only a failure of the JVM itself (out of memory) fails the task, which Spark then retries.
 */
final class TranscribeFiles implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final SparkTranscriptionOptions options;
  private final boolean hasContent;
  private final HadoopFiles files;
  private final Broadcast<Set<String>> done;

  /**
   * @param hasContent whether rows carry the file's bytes in {@code content}; else they are read by path
   * @param done {@code path + " " + sha256} of files to skip (no row is made for them)
   */
  TranscribeFiles(SparkTranscriptionOptions options, boolean hasContent, HadoopFiles files,
      Broadcast<Set<String>> done) {
    this.options = options;
    this.hasContent = hasContent;
    this.files = files;
    this.done = done;
  }

  /**
   * The partition's rows, up to {@link SparkTranscriptionOptions#decodesPerExecutor()} of them decoding at once, so
   * that an engine which batches concurrent calls (whisper-djl) batches them; output keeps the input's order.
   */
  @Override
  public Iterator<Row> call(Iterator<Row> rows) throws Exception {
    List<Row> out = new ArrayList<>();
    Deque<Future<Row>> running = new ArrayDeque<>();
    try {
      while (rows.hasNext()) {
        Row input = rows.next();
        running.add(ExecutorModels.workers().submit(() -> transcribe(input)));
        if (running.size() >= options.decodesPerExecutor()) {
          collect(running.poll(), out);
        }
      }
      while (!running.isEmpty()) {
        collect(running.poll(), out);
      }
    } finally {
      running.forEach(f -> f.cancel(true)); // the task was killed, or a decode failed the JVM's way
    }
    return out.iterator();
  }

  private static void collect(Future<Row> decoding, List<Row> out) throws Exception {
    try {
      Row row = decoding.get();
      if (row != null) {
        out.add(row);
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
    }
  }

  private Row transcribe(Row input) {
    long start = System.nanoTime();
    String path = input.getAs("path");
    ModelEntry entry = ModelEntry.parse(options.model());
    String hash = null;
    try {
      byte[] bytes = hasContent ? input.getAs("content") : files.read(path);
      hash = sha256(bytes);
      if (done.value().contains(path + " " + hash)) {
        return null;
      }
      SpeechAudio audio;
      try (AudioSource source = Audio.open(new ByteArrayInputStream(bytes))) {
        audio = source.readAll();
      }
      Transcription t = ExecutorModels.service(options).transcribe(audio, options.transcription()).transcription();
      return RowFactory.create(path, hash, t.duration(), t.language(), t.text(), segments(t), words(t),
          entry.engine(), entry.model(), null, millisSince(start));
    } catch (RuntimeException e) {
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      return RowFactory.create(path, hash, null, null, null, null, null,
          entry.engine(), entry.model(), error, millisSince(start));
    }
  }

  /** Arrays, which Spark's row encoder takes for array columns (a Java list it does not). */
  private static Row[] segments(Transcription t) {
    return t.segments().stream().map(s -> RowFactory.create(s.start(), s.end(), s.text(), s.avgLogprob(),
        s.noSpeechProb())).toArray(Row[]::new);
  }

  private Row[] words(Transcription t) {
    if (!options.wordTimestamps()) {
      return null;
    }
    List<Row> rows = new ArrayList<>();
    for (Segment s : t.segments()) {
      for (Word w : s.words()) {
        rows.add(RowFactory.create(w.start(), w.end(), w.text(), w.probability()));
      }
    }
    return rows.toArray(Row[]::new);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
