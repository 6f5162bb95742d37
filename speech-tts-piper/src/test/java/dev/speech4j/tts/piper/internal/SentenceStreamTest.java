package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidModelException;
import dev.speech4j.audio.SpeechAudio;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SentenceStreamTest {

  private static SpeechAudio audio(int n) {
    return SpeechAudio.of(new float[] {n}, 8_000);
  }

  @Test
  void theFirstSentenceArrivesWhileTheNextIsStillBeingMade() throws Exception {
    CountDownLatch secondMayFinish = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    try (Stream<SpeechAudio> stream = SentenceStream.of(List.of(1, 2).iterator(), n -> {
      if (n == 2) {
        secondStarted.countDown();
        await(secondMayFinish);
      }
      return audio(n);
    }, "test")) {
      Iterator<SpeechAudio> it = stream.iterator();
      assertThat(it.next()).isEqualTo(audio(1));
      assertThat(secondStarted.await(10, TimeUnit.SECONDS)).isTrue();
      secondMayFinish.countDown();
      assertThat(it.next()).isEqualTo(audio(2));
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void theProducerStaysABoundedDistanceAhead() throws Exception {
    AtomicInteger made = new AtomicInteger();
    try (Stream<SpeechAudio> stream = SentenceStream.of(IntStream.range(0, 1_000).iterator(), n -> {
      made.incrementAndGet();
      return audio(n);
    }, "test")) {
      Iterator<SpeechAudio> it = stream.iterator();
      it.next();
      Thread.sleep(200);
      // one taken, AHEAD queued, one made and waiting for room
      assertThat(made.get()).isLessThanOrEqualTo(1 + SentenceStream.AHEAD + 1);
      int count = 1;
      while (it.hasNext()) {
        assertThat(it.next()).isEqualTo(audio(count++));
      }
      assertThat(count).isEqualTo(1_000);
    }
  }

  @Test
  void failuresReachTheReader() {
    try (Stream<SpeechAudio> stream = SentenceStream.of(List.of(1, 2, 3).iterator(), n -> {
      if (n == 2) {
        throw new InvalidModelException("broken voice");
      }
      return audio(n);
    }, "test")) {
      Iterator<SpeechAudio> it = stream.iterator();
      assertThat(it.next()).isEqualTo(audio(1));
      assertThatThrownBy(it::next).isInstanceOf(InvalidModelException.class).hasMessage("broken voice");
    }
  }

  @Test
  void closingStopsTheProducer() throws Exception {
    AtomicInteger made = new AtomicInteger();
    Stream<SpeechAudio> stream = SentenceStream.of(IntStream.range(0, 1_000_000).iterator(), n -> {
      made.incrementAndGet();
      return audio(n);
    }, "closing-test");
    stream.iterator().next();
    stream.close();
    Thread.sleep(200);
    int afterClose = made.get();
    Thread.sleep(200);
    assertThat(made.get()).isEqualTo(afterClose).isLessThan(10);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("closing-test"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
