package dev.speech4j.vad.silero.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.EngineOptions;
import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.TestAudio;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadEvent;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VadSession;
import dev.speech4j.vad.VoiceActivityDetector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code silero} engine on real speech, with the bundled model and {@link VadOptions#defaults()}.
 *
 * <p>How the expected times were checked: each file's 10 ms RMS envelope was computed (numpy), and a stretch
 * counted as sound where the level was 15 dB over the file's 10th-percentile frame (its noise floor), with gaps
 * under 150 ms bridged and blips under 50 ms dropped. The onsets found that way are the "sound starts" below;
 * Silero's starts must lie within 80 ms of them (its 30 ms pad moves them earlier). The envelope's offsets are
 * the "sound ends": Silero's ends must lie at or after them, by at most 0.45 s, since the envelope's threshold
 * cuts off quiet word endings ("not", final fricatives) that Silero still hears, and the ends are padded. For
 * jfk.wav the four segments are also the four phrases of its transcript, split at the speaker's pauses: "And so
 * my fellow Americans / ask not / what your country can do for you / ask what you can do for your country".
 */
class SileroVadTest {
  private static VoiceActivityDetector vad;

  @BeforeAll
  static void load() {
    vad = Speech.vad("silero");
  }

  @AfterAll
  static void close() {
    vad.close();
  }

  private static SpeechAudio wav(String relative) {
    return Audio.read(SharedData.testdata(relative));
  }

  private static SpeechAudio sileroTestWav() {
    return Audio.read(SharedData.root().resolve("models/silero-vad/test.wav"));
  }

  @Test
  void isTheBestAvailableVad() {
    try (VoiceActivityDetector best = Speech.vad()) {
      assertThat(best).isInstanceOf(SileroVad.class);
      assertThat(best.sampleRate()).isEqualTo(16_000);
      assertThat(best.frameSize()).isEqualTo(512);
    }
  }

  @Test
  void jfkHasItsFourPhrases() {
    List<SpeechSegment> segments = vad.speechSegments(wav("jfk.wav"), VadOptions.defaults());
    double[][] sound = {{0.33, 2.11}, {3.29, 4.29}, {5.42, 7.50}, {8.19, 10.18}};
    assertMatches(segments, sound);
  }

  @ParameterizedTest
  @CsvSource({
    "sense_and_sensibility_01_austen_64kb-0870.wav, 0.26, 6.60",
    "sense_and_sensibility_01_austen_64kb-0880.wav, 0.27, 2.72",
    "sense_and_sensibility_01_austen_64kb-0890.wav, 0.29, 4.97",
    "sense_and_sensibility_01_austen_64kb-0920.wav, 0.34, 5.46",
    "sense_and_sensibility_01_austen_64kb-0930.wav, 0.29, 2.84"})
  void eachLibriVoxClipIsOneStretchOfReading(String file, double soundStart, double soundEnd) {
    List<SpeechSegment> segments =
        vad.speechSegments(wav("pocketsphinx-testdata/librivox/" + file), VadOptions.defaults());
    assertMatches(segments, new double[][] {{soundStart, soundEnd}});
  }

  /** Silero's own test file: 60 s of speech with clear pauses; its isolated onsets and offsets are checked. */
  @Test
  void sileroTestWavPausesAreFound() {
    List<SpeechSegment> segments = vad.speechSegments(sileroTestWav(), VadOptions.defaults());
    assertThat(segments).hasSizeBetween(15, 23);
    double[][] sound = {{0.01, 1.96}, {2.70, 4.50}, {5.00, 6.75}, {9.34, 13.17}, {48.87, 49.98}};
    for (double[] s : sound) {
      assertThat(segments).as("a segment for sound at %.2f-%.2f s in %s", s[0], s[1], segments)
          .anySatisfy(seg -> assertMatches(seg, s));
    }
    assertThat(speech(segments)).as("seconds of speech").isBetween(42.0, 54.0);
  }

  private static void assertMatches(List<SpeechSegment> segments, double[][] sound) {
    assertThat(segments).as("segments").hasSize(sound.length);
    for (int i = 0; i < sound.length; i++) {
      assertMatches(segments.get(i), sound[i]);
    }
  }

  private static void assertMatches(SpeechSegment segment, double[] sound) {
    assertThat(segment.startSeconds()).as("start of %s", segment).isCloseTo(sound[0], within(0.08));
    assertThat(segment.endSeconds()).as("end of %s", segment).isBetween(sound[1], sound[1] + 0.45);
  }

  @Test
  void silenceAndWhiteNoiseAreNotSpeech() {
    SpeechAudio silence = SpeechAudio.silence(Duration.ofSeconds(5), 16_000, 1);
    assertThat(vad.speechSegments(silence, VadOptions.defaults())).isEmpty();
    for (double dbfs : new double[] {-50, -30, -12}) {
      SpeechAudio noise = SpeechAudio.of(TestAudio.noise(5 * 16_000, dbfs, 7), 16_000);
      assertThat(vad.speechSegments(noise, VadOptions.defaults())).as("noise at %s dBFS", dbfs).isEmpty();
    }
  }

  @Test
  void streamingInRandomChunksGivesTheWholeFileSegments() {
    SpeechAudio audio = sileroTestWav();
    float[] samples = audio.samples();
    Random random = new Random(42);
    List<VadEvent> events = new ArrayList<>();
    try (VadSession session = vad.openSession(VadOptions.defaults())) {
      for (int at = 0; at < samples.length; ) {
        int n = Math.min(samples.length - at, random.nextInt(random.nextBoolean() ? 700 : 9000));
        events.addAll(session.push(samples, at, n));
        at += n;
      }
      events.addAll(session.finish());
    }
    List<SpeechSegment> streamed = new ArrayList<>();
    for (int i = 0; i + 1 < events.size(); i += 2) {
      assertThat(events.get(i).type()).isEqualTo(VadEvent.Type.SPEECH_START);
      assertThat(events.get(i + 1).type()).isEqualTo(VadEvent.Type.SPEECH_END);
      streamed.add(new SpeechSegment(events.get(i).sample(), events.get(i + 1).sample(), 16_000));
    }
    assertThat(events).hasSize(2 * streamed.size());
    assertThat(streamed).isEqualTo(vad.speechSegments(audio, VadOptions.defaults()));
  }

  @Test
  void resetStartsTheStreamAgain() {
    float[] samples = wav("jfk.wav").samples();
    try (VadSession session = vad.openSession(VadOptions.defaults())) {
      List<VadEvent> first = new ArrayList<>(session.push(samples));
      first.addAll(session.finish());
      session.reset();
      List<VadEvent> second = new ArrayList<>(session.push(samples));
      second.addAll(session.finish());
      assertThat(second).isEqualTo(first).hasSize(8);
    }
  }

  @Test
  void otherRatesAreResampledAndEightKilohertzWorks() {
    SpeechAudio jfk = wav("jfk.wav");
    List<SpeechSegment> at16k = vad.speechSegments(jfk, VadOptions.defaults());
    // Through 44.1 kHz and back, the short pause after "ask" may come out just long enough to split the phrase.
    List<SpeechSegment> from44k = vad.speechSegments(jfk.resample(44_100), VadOptions.defaults());
    assertThat(from44k.get(0).startSeconds()).isCloseTo(at16k.get(0).startSeconds(), within(0.05));
    assertThat(from44k.get(from44k.size() - 1).endSeconds()).isCloseTo(at16k.get(3).endSeconds(), within(0.05));
    assertThat(speech(from44k)).isCloseTo(speech(at16k), within(0.3));
    try (VoiceActivityDetector eight = Speech.vad("silero", ModelRef.defaultModel(),
        EngineOptions.builder().property("silero.sample-rate", "8000").threads(2).build())) {
      assertThat(eight.frameSize()).isEqualTo(256);
      List<SpeechSegment> at8k = eight.speechSegments(jfk, VadOptions.defaults());
      assertThat(at8k).hasSameSizeAs(at16k);
      for (int i = 0; i < at16k.size(); i++) {
        assertThat(at8k.get(i).startSeconds()).isCloseTo(at16k.get(i).startSeconds(), within(0.1));
        assertThat(at8k.get(i).endSeconds()).isCloseTo(at16k.get(i).endSeconds(), within(0.2));
      }
    }
  }

  private static double speech(List<SpeechSegment> segments) {
    return segments.stream().mapToDouble(SpeechSegment::seconds).sum();
  }

  /** The original file, loaded as a user's model, also checks the bundled one's re-expressed convolutions. */
  @ParameterizedTest
  @CsvSource({"16000", "8000"})
  void aUserModelFileLoadsTooAndScoresAsTheBundledOne(String sampleRate) {
    Path file = SharedData.root().resolve("models/silero-vad/silero_vad.onnx");
    EngineOptions options = EngineOptions.builder().property("silero.sample-rate", sampleRate).build();
    try (VoiceActivityDetector original = Speech.vad("silero", ModelRef.of(file), options);
        VoiceActivityDetector bundled = Speech.vad("silero", ModelRef.defaultModel(), options)) {
      SpeechAudio jfk = wav("jfk.wav");
      float[] expected = original.speechProbabilities(jfk);
      assertThat(bundled.speechProbabilities(jfk)).containsExactly(expected, within(1e-5f));
      assertThat(expected).as("jfk has speech").hasSizeGreaterThan(300).contains(new float[] {0.95f}, within(0.05f));
    }
  }
}
