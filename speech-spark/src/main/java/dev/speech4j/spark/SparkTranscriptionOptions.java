package dev.speech4j.spark;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.stt.Task;
import dev.speech4j.stt.TranscriptionOptions;
import java.io.Serializable;
import java.util.Objects;

/**
 * What a Spark transcription job runs: the model ({@code ENGINE:MODEL}; the model a path every executor sees, a
 * name its Hub cache holds, or {@code sparkfiles:NAME} for a file shipped with {@code --files}), the decoding options
 * the library has for one file, and how the job runs. Serializable: it travels to the executors.
 *
 * <p>Defaults: language detected per file, transcription (not translation), greedy decoding, no VAD gating, no word
 * timestamps, one decode at a time per executor, 64 files per commit.
 */
public final class SparkTranscriptionOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String model;
  private final String language;
  private final Task task;
  private final int beamSize;
  private final boolean vadFilter;
  private final boolean wordTimestamps;
  private final int decodesPerExecutor;
  private final int filesPerCommit;

  private SparkTranscriptionOptions(Builder b) {
    this.model = b.model;
    this.language = b.language;
    this.task = b.task;
    this.beamSize = b.beamSize;
    this.vadFilter = b.vadFilter;
    this.wordTimestamps = b.wordTimestamps;
    this.decodesPerExecutor = b.decodesPerExecutor;
    this.filesPerCommit = b.filesPerCommit;
  }

  /** Options for transcribing with {@code model}, written {@code ENGINE:MODEL} (e.g. {@code whisper-cpp:tiny.en}). */
  public static Builder builder(String model) {
    ModelEntry.parse(model); // fails now, on the driver, if it is malformed
    return new Builder(model);
  }

  /** The model entry as given, {@code ENGINE:MODEL}. */
  public String model() {
    return model;
  }

  public boolean wordTimestamps() {
    return wordTimestamps;
  }

  public int decodesPerExecutor() {
    return decodesPerExecutor;
  }

  public int filesPerCommit() {
    return filesPerCommit;
  }

  /** The library's options for one file. */
  TranscriptionOptions transcription() {
    TranscriptionOptions.Builder b = TranscriptionOptions.builder().task(task).wordTimestamps(wordTimestamps)
        .vadFilter(vadFilter);
    if (language != null) {
      b.language(language);
    }
    if (beamSize > 1) {
      b.beamSize(beamSize);
    }
    return b.build();
  }

  /** Settings for {@link SparkTranscriptionOptions}. */
  public static final class Builder {
    private final String model;
    private String language;
    private Task task = Task.TRANSCRIBE;
    private int beamSize = 1;
    private boolean vadFilter;
    private boolean wordTimestamps;
    private int decodesPerExecutor = 1;
    private int filesPerCommit = 64;

    private Builder(String model) {
      this.model = model;
    }

    /** The language spoken, e.g. {@code "en"}; null to detect it per file. */
    public Builder language(String language) {
      this.language = language;
      return this;
    }

    public Builder task(Task task) {
      this.task = Objects.requireNonNull(task, "task");
      return this;
    }

    public Builder beamSize(int beamSize) {
      this.beamSize = beamSize;
      return this;
    }

    /** Decodes only the speech the VAD finds, as {@link TranscriptionOptions.Builder#vadFilter} does. */
    public Builder vadFilter(boolean filter) {
      this.vadFilter = filter;
      return this;
    }

    public Builder wordTimestamps(boolean words) {
      this.wordTimestamps = words;
      return this;
    }

    /** Decodes that run at once in one executor JVM, whatever its task slots; more tasks wait their turn. */
    public Builder decodesPerExecutor(int decodes) {
      if (decodes < 1 || decodes > 256) {
        throw new InvalidOptionsException("decodes per executor must be in [1, 256], got " + decodes);
      }
      this.decodesPerExecutor = decodes;
      return this;
    }

    /** Files written per output commit: a job that stops loses at most the commit in progress. */
    public Builder filesPerCommit(int files) {
      if (files < 1 || files > 1_000_000) {
        throw new InvalidOptionsException("files per commit must be in [1, 1000000], got " + files);
      }
      this.filesPerCommit = files;
      return this;
    }

    /**
     * @throws InvalidOptionsException if the decoding options are ones the library refuses
     */
    public SparkTranscriptionOptions build() {
      SparkTranscriptionOptions options = new SparkTranscriptionOptions(this);
      options.transcription(); // validated here, on the driver
      return options;
    }
  }
}
