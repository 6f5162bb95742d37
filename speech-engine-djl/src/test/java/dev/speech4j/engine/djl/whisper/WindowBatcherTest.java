package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Windows that arrive while the model is busy are decoded as one batch, each with the result it has alone. */
class WindowBatcherTest {
  private static final int EOT = 10;

  @Test
  void windowsQueuedBehindABusyModelFormOneBatch() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<List<Integer>, float[]> model = seq -> {
      if (seq.size() == 2 && firstStarted.getCount() == 1) {
        firstStarted.countDown();
        await(release);
      }
      return seq.size() < 4 ? FakeNetwork.logits(seq.size() + 2, 5f) : FakeNetwork.logits(EOT, 5f);
    };
    FakeNetwork network = new FakeNetwork(model);
    WindowBatcher batcher = new WindowBatcher(network,
        new WindowDecoder(network, FakeNetwork.config(), FakeNetwork.codec()), 8);
    WindowOptions options = new WindowOptions("en", false, 0, 0, 1, 1.0, null, 20, List.of(), null, List.of(), true,
        true, null, new SplittableRandom(0));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<WindowResult>> results = new ArrayList<>();
      results.add(pool.submit(() -> batcher.encodeAndDecode(new float[0], options).result()));
      firstStarted.await();
      List<Thread> waiting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> {
          synchronized (waiting) {
            waiting.add(Thread.currentThread());
          }
          return batcher.encodeAndDecode(new float[0], options).result();
        }));
      }
      while (waiting.size() < 3 || waiting.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
        Thread.sleep(5);
      }
      release.countDown();
      for (Future<WindowResult> result : results) {
        assertThat(result.get().tokens()).containsExactly(4, 5);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(network.sessionWindows()).containsExactly(1, 3);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
