package dev.speech4j.tts.piper.internal;

import dev.speech4j.SpeechCancelledException;
import dev.speech4j.audio.SpeechAudio;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Synthesises sentences on a background thread, at most {@value #AHEAD} ahead of the reader, so that the first
 * sentence can be played while later ones are made and any length of text streams in bounded memory. Closing the
 * stream stops the producer after the sentence it is working on.
 */
final class SentenceStream<T> {
  static final int AHEAD = 2;
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
  private final Thread producer;
  private volatile boolean closed;

  private SentenceStream(Iterator<T> sentences, Function<T, SpeechAudio> synthesize, String name) {
    producer = new Thread(() -> produce(sentences, synthesize), name + "-" + THREADS.incrementAndGet());
    producer.setDaemon(true);
  }

  /** The audio of each sentence, in order, made by {@code synthesize} on a thread named after {@code name}. */
  static <T> Stream<SpeechAudio> of(Iterator<T> sentences, Function<T, SpeechAudio> synthesize, String name) {
    SentenceStream<T> stream = new SentenceStream<>(sentences, synthesize, name);
    stream.producer.start();
    return StreamSupport.stream(stream.spliterator(), false).onClose(stream::close);
  }

  private void produce(Iterator<T> sentences, Function<T, SpeechAudio> synthesize) {
    try {
      while (!closed && sentences.hasNext()) {
        queue.put(synthesize.apply(sentences.next()));
      }
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      try {
        queue.put(e);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Spliterator<SpeechAudio> spliterator() {
    return new Spliterators.AbstractSpliterator<SpeechAudio>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
      private boolean done;

      @Override
      public boolean tryAdvance(Consumer<? super SpeechAudio> action) {
        if (done) {
          return false;
        }
        Object next = take();
        if (next == END) {
          done = true;
          return false;
        }
        if (next instanceof RuntimeException e) {
          done = true;
          throw e;
        }
        if (next instanceof Error e) {
          done = true;
          throw e;
        }
        action.accept((SpeechAudio) next);
        return true;
      }
    };
  }

  private Object take() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new SpeechCancelledException("speech synthesis was interrupted");
    }
  }

  private void close() {
    closed = true;
    producer.interrupt();
    queue.clear();
  }
}
