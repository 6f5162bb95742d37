package dev.speech4j.model;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One attempt at a file's body: appends to its {@code .incomplete} file (asking with {@code Range} for what is
 * missing), hashing as bytes arrive, and gives up once no byte came for the timeout.
 */
final class BlobDownload {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

  /** Adds the headers every request of the client carries (the token where it may go). */
  interface Requests {
    HttpRequest.Builder prepare(HttpRequest.Builder request, URI url);

    HttpClient http();
  }

  private final HubFile file;
  private final FileMeta meta;
  private final Path partial;
  private final Requests requests;
  private final Duration timeout;
  private final DownloadListener listener;

  BlobDownload(HubFile file, FileMeta meta, Path partial, Requests requests, Duration timeout,
      DownloadListener listener) {
    this.file = file;
    this.meta = meta;
    this.partial = partial;
    this.requests = requests;
    this.timeout = timeout;
    this.listener = listener;
  }

  /**
   * Completes the partial file and returns its hashes.
   *
   * @throws IOException a network failure or timeout, worth another attempt (the partial file stays for it)
   * @throws HubClient.LocalFailure if the cache cannot be written
   */
  FileHashes run() throws IOException, HubClient.Retry {
    long have = local(() -> Files.isRegularFile(partial) ? Files.size(partial) : 0L);
    if (meta.size() >= 0 && have > meta.size()) {
      local(() -> Files.deleteIfExists(partial));
      have = 0;
    }
    FileHashes hashes = FileHashes.forSize(meta.size());
    if (have > 0) {
      long prefix = have;
      local(() -> {
        hashes.update(partial, prefix);
        return null;
      });
    }
    listener.started(file, meta.size(), have);
    if (have == meta.size()) {
      return hashes;
    }
    URI url = meta.location();
    for (int hop = 0; hop <= 5; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().header("Accept-Encoding", "identity");
      if (have > 0) {
        request.header("Range", "bytes=" + have + "-");
      }
      AtomicReference<FileSink> sink = new AtomicReference<>();
      long offset = have;
      HttpResponse.BodyHandler<Long> handler = info -> {
        if (info.statusCode() == 200 || info.statusCode() == 206) {
          FileSink s = new FileSink(info, offset, hashes);
          sink.set(s);
          return s;
        }
        return HttpResponse.BodySubscribers.replacing(-1L);
      };
      HttpResponse<Long> response = await(requests.http().sendAsync(requests.prepare(request, url).build(), handler),
          sink);
      int status = response.statusCode();
      if (status / 100 == 3) {
        url = HubClient.location(response, url);
        continue;
      }
      if (status == 416) {
        local(() -> Files.deleteIfExists(partial));
        throw new IOException("the server refused to resume at byte " + have + " (HTTP 416); starting over");
      }
      if (status != 200 && status != 206) {
        throw failure(status);
      }
      long size = response.body();
      if (meta.size() >= 0 && size < meta.size()) {
        throw new IOException("the connection closed after " + size + " of " + meta.size() + " bytes");
      }
      return hashes;
    }
    throw new IOException("more than 5 redirects while downloading " + file);
  }

  private IOException failure(int status) throws HubClient.Retry {
    if (status == 429 || status >= 500) {
      throw new HubClient.Retry("HTTP " + status + " from the file store", status);
    }
    return new HubClient.LocalFailure(new IOException("HTTP " + status + " from the file store for " + file));
  }

  /** Waits for the body, as long as bytes keep coming. */
  private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> future, AtomicReference<FileSink> sink)
      throws IOException {
    long limit = timeout.toNanos();
    long started = System.nanoTime();
    while (true) {
      try {
        return future.get(Math.max(1, timeout.toMillis() / 4), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        FileSink s = sink.get();
        long last = s == null ? started : s.lastProgress();
        if (System.nanoTime() - last > limit) {
          if (s != null) {
            s.cancel();
          }
          future.cancel(true);
          throw new HttpTimeoutException("no data for " + timeout.toSeconds() + " s while downloading " + file);
        }
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new dev.speech4j.SpeechCancelledException("interrupted while downloading " + file);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof HubClient.LocalFailure local) {
          throw local;
        }
        throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
      }
    }
  }

  /** Writes the body into the partial file: from {@code offset} for a 206, from the start for a 200. */
  private final class FileSink implements HttpResponse.BodySubscriber<Long> {
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final FileHashes hashes;
    private volatile long lastProgress = System.nanoTime();
    private volatile Flow.Subscription subscription;
    private FileChannel channel;
    private long written;

    FileSink(HttpResponse.ResponseInfo info, long offset, FileHashes hashes) {
      this.hashes = hashes;
      try {
        long start = 0;
        if (info.statusCode() == 206) {
          Matcher range = CONTENT_RANGE.matcher(info.headers().firstValue("Content-Range").orElse(""));
          if (!range.matches() || Long.parseLong(range.group(1)) != offset) {
            Files.deleteIfExists(partial);
            done.completeExceptionally(new IOException("the server resumed at the wrong byte ("
                + info.headers().firstValue("Content-Range").orElse("no Content-Range") + "); starting over"));
            return;
          }
          start = offset;
        } else if (offset > 0) {
          hashes.reset();
        }
        channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(start);
        channel.position(start);
        written = start;
      } catch (IOException e) {
        done.completeExceptionally(new HubClient.LocalFailure(e));
      }
    }

    long lastProgress() {
      return lastProgress;
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      close();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (done.isDone()) {
        s.cancel();
        close();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      try {
        for (ByteBuffer buffer : buffers) {
          hashes.update(buffer);
          while (buffer.hasRemaining()) {
            written += channel.write(buffer);
          }
        }
      } catch (IOException e) {
        subscription.cancel();
        close();
        done.completeExceptionally(new HubClient.LocalFailure(e));
        return;
      }
      lastProgress = System.nanoTime();
      listener.progressed(file, written, meta.size());
      subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
      close();
      done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      close();
      done.complete(written);
    }

    @Override
    public CompletionStage<Long> getBody() {
      return done;
    }

    private void close() {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException e) {
        done.completeExceptionally(new HubClient.LocalFailure(e));
      }
    }
  }

  private interface LocalIo<T> {
    T run() throws IOException;
  }

  private static <T> T local(LocalIo<T> io) throws HubClient.LocalFailure {
    try {
      return io.run();
    } catch (IOException e) {
      throw new HubClient.LocalFailure(e);
    }
  }
}
