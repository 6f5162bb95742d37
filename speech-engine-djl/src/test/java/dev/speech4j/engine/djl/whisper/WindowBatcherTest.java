package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.SpeechCancelledException;
import java.util.concurrent.ExecutionException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  /** A lone caller interrupted mid-window stops at the next decoder step, and gets no result. */
  @Test
  void anInterruptedCallerStopsAtTheNextStep() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> lengths = java.util.Collections.synchronizedList(new ArrayList<>());
    FakeNetwork network = new FakeNetwork(seq -> {
      lengths.add(seq.size());
      if (blocked.getCount() == 1) {
        blocked.countDown();
        awaitKeepingInterrupt(release);
      }
      return FakeNetwork.logits(4, 5f); // never ends by itself: only the 20-token limit would stop it
    });
    WindowBatcher batcher = new WindowBatcher(network,
        new WindowDecoder(network, FakeNetwork.config(), FakeNetwork.codec()), 8);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Thread[] caller = new Thread[1];
      Future<WindowResult> result = pool.submit(() -> {
        caller[0] = Thread.currentThread();
        return batcher.encodeAndDecode(new float[0], options()).result();
      });
      blocked.await();
      caller[0].interrupt();
      release.countDown();
      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SpeechCancelledException.class);
      assertThat(lengths).as("decoder calls by sequence length: the initial tokens, no sampled one")
          .containsExactly(1, 2);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  /** A queued caller interrupted before its window is taken leaves at once; the batch running goes on. */
  @Test
  void anInterruptedQueuedCallerLeavesAtOnce() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeNetwork network = new FakeNetwork(seq -> {
      if (seq.size() == 2 && firstStarted.getCount() == 1) {
        firstStarted.countDown();
        awaitKeepingInterrupt(release);
      }
      return seq.size() < 4 ? FakeNetwork.logits(seq.size() + 2, 5f) : FakeNetwork.logits(EOT, 5f);
    });
    WindowBatcher batcher = new WindowBatcher(network,
        new WindowDecoder(network, FakeNetwork.config(), FakeNetwork.codec()), 8);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<WindowResult> running = pool.submit(() -> batcher.encodeAndDecode(new float[0], options()).result());
      firstStarted.await();
      Thread[] queued = new Thread[1];
      Future<WindowResult> gaveUp = pool.submit(() -> {
        queued[0] = Thread.currentThread();
        return batcher.encodeAndDecode(new float[0], options()).result();
      });
      while (queued[0] == null || queued[0].getState() != Thread.State.WAITING) {
        Thread.sleep(5);
      }
      queued[0].interrupt();
      assertThatThrownBy(() -> gaveUp.get(10, TimeUnit.SECONDS)).as("left before the batch running ended")
          .hasCauseInstanceOf(SpeechCancelledException.class);
      release.countDown();
      assertThat(running.get().tokens()).containsExactly(4, 5);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(network.sessionWindows()).as("the window given up was never decoded").containsExactly(1);
  }

  /** Of two windows decoded as one batch, the one whose caller is interrupted leaves; the other's result stands. */
  @Test
  void anInterruptedCallerLeavesItsBatchAndTheOthersGoOn() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch batchStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch releaseBatch = new CountDownLatch(1);
    FakeNetwork[] network = new FakeNetwork[1];
    network[0] = new FakeNetwork(seq -> {
      if (seq.size() == 2 && firstStarted.getCount() == 1) {
        firstStarted.countDown();
        awaitKeepingInterrupt(release);
      } else if (network[0].sessionWindows().size() == 2 && batchStarted.getCount() == 1) {
        batchStarted.countDown();
        awaitKeepingInterrupt(releaseBatch);
      }
      return seq.size() < 4 ? FakeNetwork.logits(seq.size() + 2, 5f) : FakeNetwork.logits(EOT, 5f);
    });
    WindowBatcher batcher = new WindowBatcher(network[0],
        new WindowDecoder(network[0], FakeNetwork.config(), FakeNetwork.codec()), 8);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<WindowResult> first = pool.submit(() -> batcher.encodeAndDecode(new float[0], options()).result());
      firstStarted.await();
      List<Thread> callers = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Future<WindowResult>> batched = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int index = i;
        batched.add(pool.submit(() -> {
          while (callers.size() != index) {
            Thread.onSpinWait(); // in order, so that caller 0 is the first one queued
          }
          callers.add(Thread.currentThread());
          return batcher.encodeAndDecode(new float[0], options()).result();
        }));
      }
      while (callers.size() < 2 || callers.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
        Thread.sleep(5);
      }
      release.countDown();
      batchStarted.await();
      callers.get(0).interrupt();
      releaseBatch.countDown();
      assertThat(first.get().tokens()).containsExactly(4, 5);
      assertThatThrownBy(() -> batched.get(0).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SpeechCancelledException.class);
      assertThat(batched.get(1).get().tokens()).containsExactly(4, 5);
    } finally {
      release.countDown();
      releaseBatch.countDown();
      pool.shutdownNow();
    }
    assertThat(network[0].sessionWindows()).containsExactly(1, 2);
  }

  private static WindowOptions options() {
    return new WindowOptions("en", false, 0, 0, 1, 1.0, null, 20, List.of(), null, List.of(), true, true, null,
        new SplittableRandom(0));
  }

  /** Waits for the latch; an interrupt that comes meanwhile is kept for the code under test to see. */
  private static void awaitKeepingInterrupt(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
