package dev.speech4j.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.LiveListener;
import dev.speech4j.stt.LiveOptions;
import dev.speech4j.stt.LiveTranscription;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.Word;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import dev.speech4j.vad.VoiceActivityDetector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link LiveTranscription} with whisper.cpp (a random-weight model) and Silero, on real speech with silences between
 * the clips, written in chunks of random size.
 */
class LiveTranscriptionTest {
  /** One temperature: random weights would fall back through all six, for nothing but time. */
  static final TranscriptionOptions GREEDY = TranscriptionOptions.builder().temperature(0).build();
  static Transcriber whisper;
  static VoiceActivityDetector silero;
  /** 1.5 s of silence, jfk.wav, 2 s of silence, an LJSpeech clip, 1 s of silence; as 16-bit PCM. */
  static byte[] speech;

  @BeforeAll
  static void load() {
    whisper = Speech.transcriber("whisper-cpp", ModelRef.of(WhisperReference.testModels()
        .resolve("micro-en/ggml-model.bin")));
    silero = Speech.vad("silero");
    SpeechAudio jfk = Audio.read(SharedData.testdata("jfk.wav"));
    SpeechAudio lj = Audio.read(SharedData.testdata("ljspeech-coqui/LJ001-0002.wav")).resample(16_000);
    speech = SpeechAudio.concat(List.of(silence(1.5), jfk, silence(2), lj, silence(1)), 16_000).toPcm16Bytes();
  }

  @AfterAll
  static void close() {
    whisper.close();
    silero.close();
  }

  /** Decoding follows the audio, so chunks of any size give the same events, in the same order. */
  @Test
  void theSameAudioGivesTheSameEventsHoweverItIsChunked() {
    long seed = System.nanoTime();
    System.out.println("LiveTranscriptionTest seed " + seed);
    Random random = new Random(seed);
    LiveOptions options = LiveOptions.builder().transcription(GREEDY).partialInterval(Duration.ofMillis(1500)).build();
    Recorder first = run(whisper::transcribe, options, speech, random);
    Recorder second = run(whisper::transcribe, options, speech, random);
    assertThat(second.events).as("seed %d", seed).isEqualTo(first.events);
    long utterances = first.events.stream().filter(e -> e.startsWith("started")).count();
    assertThat(utterances).as("two clips, each one utterance or more").isGreaterThanOrEqualTo(2);
    assertThat(first.events).filteredOn(e -> e.startsWith("endpoint")).hasSize((int) utterances);
    assertThat(first.events).filteredOn(e -> e.startsWith("partial")).isNotEmpty();
  }

  /**
   * Committed words only ever follow each other in time, inside the utterance that said them; a partial never
   * shows a word again that was committed; what {@code finish} returns is what was committed.
   */
  @Test
  void committedWordsAreFinalAndInOrder() {
    LiveOptions options = LiveOptions.builder().transcription(GREEDY).partialInterval(Duration.ofSeconds(1)).build();
    Recorder r = run(whisper::transcribe, options, speech, new Random(1));
    double lastEnd = 0;
    for (Segment s : r.transcript.segments()) {
      for (Word w : s.words()) {
        assertThat(w.start()).isGreaterThanOrEqualTo(lastEnd - 0.1);
        lastEnd = Math.max(lastEnd, w.end());
      }
      assertThat(r.utterances.stream().anyMatch(u -> s.start() >= u[0] - 0.05 && s.start() <= u[1] + 0.05))
          .as("segment at %.2f s lies in an utterance %s", s.start(), r.utteranceList()).isTrue();
    }
    assertThat(r.transcript.segments()).containsExactlyElementsOf(r.committed);
    assertThat(r.committed).isNotEmpty();
  }

  /**
   * With one decode per utterance (no partials), each utterance's committed text is the offline transcript of the
   * same audio, prompted as the session prompts it.
   */
  @Test
  void oneDecodePerUtteranceIsTheOfflineTranscriptOfEachUtterance() {
    Recorder r = run(whisper::transcribe, LiveOptions.builder().transcription(GREEDY).partialInterval(Duration.ofHours(1)).build(), speech,
        new Random(2));
    assertThat(r.events).noneMatch(e -> e.startsWith("partial"));
    short[] pcm = SpeechAudio.ofPcm16(toShorts(speech), 16_000, 1).toPcm16();
    StringBuilder committed = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (double[] u : r.utterances) {
      int from = (int) Math.round(u[0] * 16_000);
      int to = (int) Math.round(u[1] * 16_000);
      TranscriptionOptions.Builder o = GREEDY.toBuilder().wordTimestamps(true);
      if (committed.length() > 0) {
        o.initialPrompt(committed.substring(Math.max(0, committed.length() - 224)).strip());
      }
      short[] slice = java.util.Arrays.copyOfRange(pcm, from, to);
      Transcription t = whisper.transcribe(SpeechAudio.ofPcm16(slice, 16_000, 1), o.build());
      String words = t.segments().stream().flatMap(s -> s.words().stream()).map(Word::text)
          .collect(Collectors.joining());
      expected.add(words);
      committed.append(words);
    }
    assertThat(r.committed.stream().map(Segment::text).toList()).isEqualTo(expected.stream()
        .filter(s -> !s.isEmpty()).toList());
  }

  @Test
  void silenceGivesNoEventsAndNoText() {
    byte[] quiet = silence(5).toPcm16Bytes();
    Recorder r = run(whisper::transcribe, LiveOptions.builder().transcription(GREEDY).build(), quiet, new Random(3));
    assertThat(r.events).isEmpty();
    assertThat(r.transcript.segments()).isEmpty();
    assertThat(r.transcript.duration()).isEqualTo(5.0);
  }

  /** Through the service (its chain, limits and metrics), the session gives what the engine gives directly. */
  @Test
  void runsThroughTheServiceLayer() {
    LiveOptions options = LiveOptions.builder().transcription(GREEDY).partialInterval(Duration.ofSeconds(2)).build();
    byte[] lj = java.util.Arrays.copyOfRange(speech, (int) (14.5 * 16_000) * 2, speech.length); // the LJSpeech clip
    Recorder direct = run(whisper::transcribe, options, lj, new Random(4));
    try (SpeechService service = SpeechService.start(ServiceConfig.builder().add("whisper-cpp:"
        + WhisperReference.testModels().resolve("micro-en/ggml-model.bin")).build())) {
      Recorder served = run((a, o) -> service.transcribe(a, o).transcription(), options, lj, new Random(5));
      assertThat(served.events).isEqualTo(direct.events).isNotEmpty();
    }
  }

  /** However long the stream, no decode gets more than the longest utterance. */
  @Test
  void decodesNeverGetMoreThanTheLongestUtterance() {
    SpeechAudio jfk = Audio.read(SharedData.testdata("jfk.wav"));
    byte[] talk = SpeechAudio.concat(Collections.nCopies(4, jfk), 16_000).toPcm16Bytes(); // 44 s, no pause long enough
    List<Double> lengths = Collections.synchronizedList(new ArrayList<>());
    LiveOptions options = LiveOptions.builder().transcription(GREEDY).partialInterval(Duration.ofSeconds(5))
        .maxUtterance(Duration.ofSeconds(12)).endpointSilence(Duration.ofSeconds(3)).build();
    Recorder r = run((a, o) -> {
      lengths.add(a.seconds());
      return whisper.transcribe(a, o);
    }, options, talk, new Random(6));
    assertThat(lengths).isNotEmpty().allMatch(s -> s <= 12.1);
    assertThat(r.events).filteredOn(e -> e.startsWith("endpoint")).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void refusesBadOptionsAndWritesAfterTheEnd() {
    assertThatThrownBy(() -> LiveOptions.builder().partialInterval(Duration.ofMillis(10)))
        .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("partialInterval");
    assertThatThrownBy(() -> LiveOptions.builder().maxUtterance(Duration.ofMinutes(5)))
        .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("maxUtterance");
    LiveTranscription live = LiveTranscription.open(whisper::transcribe, silero, LiveOptions.builder().transcription(GREEDY).build(),
        new LiveListener() {});
    live.finish();
    assertThatThrownBy(() -> live.write(new byte[2], 0, 2)).isInstanceOf(IllegalStateException.class);
    live.close();
  }

  /** A decoder's failure stops the session and reaches the writer and {@code finish}. */
  @Test
  void aFailingDecoderStopsTheSession() {
    AtomicReference<RuntimeException> failure = new AtomicReference<>(new IllegalStateException("engine broke"));
    LiveTranscription live = LiveTranscription.open((a, o) -> {
      throw failure.get();
    }, silero, LiveOptions.builder().transcription(GREEDY).build(), new LiveListener() {});
    assertThatThrownBy(() -> {
      live.write(speech, 0, speech.length); // throws it if the session stopped meanwhile
      live.finish();
    }).isSameAs(failure.get());
    live.close();
  }

  private static Recorder run(LiveTranscription.Decoder decoder, LiveOptions options, byte[] pcm, Random random) {
    Recorder r = new Recorder();
    try (LiveTranscription live = LiveTranscription.open(decoder, silero, options, r)) {
      for (int at = 0; at < pcm.length; ) {
        int n = Math.min(pcm.length - at, 1 + random.nextInt(9000));
        live.write(pcm, at, n);
        at += n;
      }
      r.transcript = live.finish();
    }
    return r;
  }

  private static SpeechAudio silence(double seconds) {
    return SpeechAudio.of(new float[(int) (seconds * 16_000)], 16_000);
  }

  private static short[] toShorts(byte[] pcm) {
    short[] s = new short[pcm.length / 2];
    java.nio.ByteBuffer.wrap(pcm).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }

  /** Every event, as text, and the utterances' bounds. */
  static final class Recorder implements LiveListener {
    final List<String> events = new ArrayList<>();
    final List<Segment> committed = new ArrayList<>();
    final List<double[]> utterances = new ArrayList<>();
    Transcription transcript;
    private double started;

    @Override
    public void speechStarted(double seconds) {
      started = seconds;
      events.add("started " + seconds);
    }

    @Override
    public void partial(Segment hypothesis) {
      assertThat(hypothesis.id()).isEqualTo(-1);
      assertThat(hypothesis.words().stream().map(Word::text).collect(Collectors.joining()))
          .isEqualTo(hypothesis.text());
      events.add("partial " + hypothesis.text());
    }

    @Override
    public void committed(Segment segment) {
      committed.add(segment);
      events.add("committed " + segment.start() + " " + segment.end() + " " + segment.text());
    }

    @Override
    public void speechStopped(double seconds) {
      utterances.add(new double[] {started, seconds});
      events.add("stopped " + seconds);
    }

    @Override
    public void endpoint(double seconds) {
      events.add("endpoint " + seconds);
    }

    String utteranceList() {
      return utterances.stream().map(u -> "[" + u[0] + ", " + u[1] + "]").collect(Collectors.joining(" "));
    }
  }
}
