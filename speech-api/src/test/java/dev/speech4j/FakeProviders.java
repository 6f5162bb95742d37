package dev.speech4j;

import dev.speech4j.audio.AudioSource;
import dev.speech4j.model.ModelRef;
import dev.speech4j.spi.Availability;
import dev.speech4j.spi.TranscriberProvider;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.TranscriptionInfo;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.TranscriptionStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Transcriber providers registered for tests in META-INF/services. */
final class FakeProviders {
  private FakeProviders() {}

  /** Available; reports one segment per whole second of audio, to exercise the default methods. */
  public static final class Counting implements TranscriberProvider {
    @Override
    public String name() {
      return "counting";
    }

    @Override
    public Availability availability() {
      return Availability.ok();
    }

    @Override
    public Transcriber create(ModelRef model, EngineOptions options) {
      return new CountingTranscriber();
    }
  }

  /** Ranked first but never available. */
  public static final class Missing implements TranscriberProvider {
    @Override
    public String name() {
      return "missing";
    }

    @Override
    public int priority() {
      return 10;
    }

    @Override
    public Availability availability() {
      return Availability.unavailable("libmissing.so not found: apt-get install libmissing");
    }

    @Override
    public Transcriber create(ModelRef model, EngineOptions options) {
      throw new AssertionError("must not be created while unavailable");
    }
  }

  /** Ranked above {@link Counting}, and loads only models named {@code picky-...}. */
  public static final class Picky implements TranscriberProvider {
    static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public String name() {
      return "picky";
    }

    @Override
    public int priority() {
      return 5;
    }

    @Override
    public Availability availability() {
      return Availability.ok();
    }

    @Override
    public boolean canLoad(ModelRef model) {
      return model.name().filter(n -> n.startsWith("picky-")).isPresent();
    }

    @Override
    public Transcriber create(ModelRef model, EngineOptions options) {
      CREATED.incrementAndGet();
      return new CountingTranscriber();
    }
  }

  static final class CountingTranscriber implements Transcriber {
    @Override
    public TranscriptionStream stream(AudioSource audio, TranscriptionOptions options) {
      double seconds = (double) audio.readAll().frames() / audio.sampleRate();
      audio.close();
      TranscriptionInfo info = new TranscriptionInfo("en", 1.0, Map.of(), seconds, options);
      return new TranscriptionStream() {
        @Override
        public TranscriptionInfo info() {
          return info;
        }

        @Override
        public Stream<Segment> segments() {
          return Stream.iterate(0, i -> i + 1).limit((long) seconds)
              .map(i -> new Segment(i, 0, i, i + 1, " second " + i, List.of(), 0, 0, 1, 0, List.of()));
        }

        @Override
        public double durationAfterVad() {
          return seconds;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }
}
