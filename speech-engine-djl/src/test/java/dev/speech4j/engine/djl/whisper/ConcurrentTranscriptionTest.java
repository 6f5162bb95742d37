package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.EngineOptions;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.Word;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One loaded model, eight threads transcribing eight different files at once: the sequential results. Their windows
 * are decoded in batches (one GEMM where one call alone has a mat-vec), so tokens, text and times are exactly the
 * same and log-probabilities agree to float rounding.
 */
class ConcurrentTranscriptionTest {
  private static final List<String> FILES = List.of("jfk.wav",
      "pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0870.wav",
      "pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0880.wav",
      "pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0890.wav",
      "pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0920.wav",
      "pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0930.wav",
      "ljspeech-coqui/LJ001-0001.wav",
      "ljspeech-coqui/LJ001-0002.wav");

  @Test
  void eightThreadsGiveTheSequentialResults() throws Exception {
    TranscriptionOptions options = TranscriptionOptions.builder().beamSize(1).wordTimestamps(true).build();
    List<SpeechAudio> audio = FILES.stream().map(f -> Audio.read(SharedData.testdata(f))).toList();
    try (WhisperDjlTranscriber whisper =
        WhisperDjlTranscriber.open(TestModels.model("micro-ml"), EngineOptions.defaults())) {
      List<Transcription> sequential = new ArrayList<>();
      for (SpeechAudio a : audio) {
        sequential.add(whisper.transcribe(a, options));
      }
      assertThat(whisper.batching().batchedWindows()).as("one call at a time: nothing to batch").isZero();
      long alone = whisper.batching().windows();
      assertThat(alone).isGreaterThanOrEqualTo(audio.size());
      ExecutorService pool = Executors.newFixedThreadPool(audio.size());
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Transcription>> futures = new ArrayList<>();
        for (SpeechAudio a : audio) {
          futures.add(pool.submit(() -> {
            start.await();
            return whisper.transcribe(a, options);
          }));
        }
        start.countDown();
        for (int i = 0; i < audio.size(); i++) {
          assertSameTranscription(futures.get(i).get(), sequential.get(i), FILES.get(i));
        }
        System.out.println("eight threads: " + whisper.batching());
        assertThat(whisper.batching().batchedWindows()).as("windows decoded in batches").isPositive();
        assertThat(whisper.batching().largestBatch()).isBetween(2, 8);
        assertThat(whisper.batching().windows()).isEqualTo(2 * alone);
      } finally {
        pool.shutdownNow();
      }
      assertThat(sequential).extracting(Transcription::segments).doesNotHaveDuplicates();
    }
  }

  /**
   * A call whose thread is interrupted stops at its next decoder step, and the model serves the next call. The
   * minute-long clip with beam 5 on tiny dims takes far longer than the bound when left alone (random weights fall
   * back through every temperature).
   */
  @Test
  void anInterruptedCallStopsAtItsNextStep() throws Exception {
    SpeechAudio minute = Audio.read(WhisperReference.Clip.LONG.file());
    try (WhisperDjlTranscriber whisper =
        WhisperDjlTranscriber.open(TestModels.model("tiny-en"), EngineOptions.defaults())) {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        CountDownLatch started = new CountDownLatch(1);
        Thread[] caller = new Thread[1];
        Future<Transcription> call = pool.submit(() -> {
          caller[0] = Thread.currentThread();
          started.countDown();
          return whisper.transcribe(minute, TranscriptionOptions.builder().beamSize(5).build());
        });
        started.await();
        Thread.sleep(500);
        long interrupted = System.nanoTime();
        caller[0].interrupt();
        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SpeechCancelledException.class);
        long millis = (System.nanoTime() - interrupted) / 1_000_000;
        System.out.println("whisper-djl stopped " + millis + " ms after the interrupt");
        assertThat(millis).isLessThan(2000);
        assertThat(pool.submit(() -> whisper.transcribe(Audio.read(SharedData.testdata("jfk.wav")),
            TranscriptionOptions.builder().beamSize(1).build())).get().duration()).isPositive();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static void assertSameTranscription(Transcription actual, Transcription expected, String file) {
    assertThat(actual.segments()).as(file).hasSameSizeAs(expected.segments());
    for (int i = 0; i < expected.segments().size(); i++) {
      Segment a = actual.segments().get(i);
      Segment e = expected.segments().get(i);
      assertThat(a).as(file + " segment " + i).usingRecursiveComparison()
          .ignoringFields("avgLogprob", "noSpeechProb", "words").isEqualTo(e);
      assertThat(a.avgLogprob()).as(file + " segment " + i).isCloseTo(e.avgLogprob(), within(1e-5));
      assertThat(a.noSpeechProb()).as(file + " segment " + i).isCloseTo(e.noSpeechProb(), within(1e-6));
      assertThat(a.words()).extracting(Word::start, Word::end, Word::text)
          .isEqualTo(e.words().stream().map(w -> tuple(w.start(), w.end(), w.text())).toList());
    }
  }
}
