package dev.speech4j.model;

import java.nio.file.Path;

/**
 * Hears how a download goes. Called on the downloading thread (or the HTTP client's); keep it quick. The default
 * methods do nothing, so a listener implements what it shows.
 */
public interface DownloadListener {
  /** A listener that ignores everything. */
  DownloadListener NONE = new DownloadListener() {};

  /**
   * A file starts (or resumes) downloading.
   *
   * @param total its size in bytes, or -1 if the server did not say
   * @param resumedAt bytes already on disk from an earlier, interrupted attempt
   */
  default void started(HubFile file, long total, long resumedAt) {}

  /** {@code done} of {@code total} bytes (-1 if unknown) are on disk. */
  default void progressed(HubFile file, long done, long total) {}

  /** The file is verified and in place at {@code path}. */
  default void finished(HubFile file, Path path) {}
}
