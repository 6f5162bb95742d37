package dev.speech4j.samples.cli;

import dev.speech4j.model.DownloadListener;
import dev.speech4j.model.HubFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows each download as a progress bar (bytes, rate, time left) on standard error. */
final class DownloadProgress implements DownloadListener {
  private static final int WIDTH = 100;

  private final PrintWriter err;
  private final Map<HubFile, ProgressBar> bars = new ConcurrentHashMap<>();

  DownloadProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void started(HubFile file, long total, long resumedAt) {
    if (resumedAt > 0) {
      err.printf("resuming %s at %,d bytes%n", file, resumedAt);
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(file.fileName())
        .setInitialMax(Math.max(total, 0))
        .setUnit(total >= 1 << 20 ? " MiB" : " KiB", total >= 1 << 20 ? 1 << 20 : 1 << 10)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200)
        .setConsumer(new DelegatingProgressBarConsumer(line -> {
          err.print('\r');
          err.print(line);
          err.flush();
        }, WIDTH))
        .startsFrom(resumedAt, java.time.Duration.ZERO)
        .build();
    ProgressBar previous = bars.put(file, bar);
    if (previous != null) {
      previous.close();
    }
  }

  @Override
  public void progressed(HubFile file, long done, long total) {
    ProgressBar bar = bars.get(file);
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public void finished(HubFile file, Path path) {
    ProgressBar bar = bars.remove(file);
    if (bar != null) {
      bar.close();
      err.println();
    }
    err.println(file + " -> " + path);
  }
}
