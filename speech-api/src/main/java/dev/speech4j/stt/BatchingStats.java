package dev.speech4j.stt;

/**
 * How a transcriber has grouped its work since it loaded: the 30 s windows it decoded, how many of them were decoded
 * in one batch with other calls' windows, and the largest such batch. An engine that never batches reports
 * {@link #NONE}.
 */
public record BatchingStats(long windows, long batchedWindows, int largestBatch) {
  /** What an engine without batching reports. */
  public static final BatchingStats NONE = new BatchingStats(0, 0, 0);
}
