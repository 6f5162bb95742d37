package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.EngineOptions;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The piper engine end to end on the dummy voice ({@code tools/make_dummy_voice.py}): real espeak-ng phonemes, real
 * ONNX Runtime. The dummy turns each phoneme id into ceil(100 x length_scale) samples of a sine whose frequency
 * depends on the speaker, so lengths and speakers can be checked exactly.
 */
class PiperSynthesizerTest {
  private static final SynthesisOptions NO_SILENCE = SynthesisOptions.builder().sentenceSilence(Duration.ZERO).build();

  @TempDir
  Path dir;

  private Synthesizer voice;

  @BeforeEach
  void load() throws IOException {
    voice = Speech.synthesizer("piper", ModelRef.of(PiperVoices.dummy(dir)));
  }

  @AfterEach
  void close() {
    voice.close();
  }

  @Test
  void eachPhonemeIdBecomesOneHopOfAudio() {
    long[] ids = PiperConfig.read(dir.resolve("dummy-voice.onnx.json")).ids("hˈaɪ.");
    SpeechAudio hi = voice.synthesize("Hi.", NO_SILENCE);
    assertThat(hi.sampleRate()).isEqualTo(22_050);
    assertThat(hi.frames()).isEqualTo(ids.length * 100);
    assertThat(peak(hi)).isCloseTo(1.0, within(1e-6)); // Piper normalises each sentence to full scale
  }

  @Test
  void audioLengthScalesWithLengthScale() {
    String text = "The quick brown fox jumps over the lazy dog.";
    int normal = voice.synthesize(text, NO_SILENCE).frames();
    int slow = voice.synthesize(text, NO_SILENCE.toBuilder().speed(0.5).build()).frames();
    int fast = voice.synthesize(text, NO_SILENCE.toBuilder().speed(2).build()).frames();
    assertThat(slow).isEqualTo(2 * normal);
    assertThat(fast).isEqualTo(normal / 2);
  }

  @Test
  void sidChangesTheOutput() {
    SpeechAudio alice = voice.synthesize("Hello there.", NO_SILENCE);
    SpeechAudio first = voice.synthesize("Hello there.", NO_SILENCE.toBuilder().speaker("0").build());
    SpeechAudio bob = voice.synthesize("Hello there.", NO_SILENCE.toBuilder().speaker("bob").build());
    SpeechAudio carol = voice.synthesize("Hello there.", NO_SILENCE.toBuilder().speaker("2").build());
    assertThat(first).isEqualTo(alice);
    assertThat(bob.frames()).isEqualTo(alice.frames());
    assertThat(bob).isNotEqualTo(alice).isNotEqualTo(carol);
    assertThat(zeroCrossings(bob)).isGreaterThan(zeroCrossings(alice) * 2);
  }

  @Test
  void streamingYieldsSentencesInOrderWithTheirSilences() {
    SynthesisOptions options = SynthesisOptions.builder().sentenceSilence(Duration.ofMillis(300)).build();
    String[] sentences = {"One.", "Two, three and four?", "Five six seven eight nine ten!", "Eleven."};
    List<SpeechAudio> streamed;
    try (Stream<SpeechAudio> stream = voice.stream(String.join(" ", sentences), options)) {
      streamed = stream.toList();
    }
    assertThat(streamed).hasSize(sentences.length);
    int silence = (int) Math.round(0.3 * 22_050);
    for (int i = 0; i < sentences.length; i++) {
      SpeechAudio alone = voice.synthesize(sentences[i], NO_SILENCE);
      SpeechAudio piece = streamed.get(i);
      assertThat(piece.frames()).as(sentences[i]).isEqualTo(alone.frames() + silence);
      assertThat(piece.slice(0, alone.frames())).isEqualTo(alone);
      assertThat(peak(piece.slice(alone.frames(), piece.frames()))).isZero();
    }
    assertThat(voice.synthesize(String.join(" ", sentences), options))
        .isEqualTo(SpeechAudio.concat(streamed, 22_050));
  }

  @Test
  void volumeAndOutputRate() {
    SpeechAudio quiet = voice.synthesize("Hello.", NO_SILENCE.toBuilder().volume(0.25).build());
    assertThat(peak(quiet)).isCloseTo(0.25, within(1e-6));
    SpeechAudio resampled = voice.synthesize("Hello.", NO_SILENCE.toBuilder().sampleRate(16_000).build());
    SpeechAudio native22k = voice.synthesize("Hello.", NO_SILENCE);
    assertThat(resampled.sampleRate()).isEqualTo(16_000);
    assertThat(resampled.seconds()).isCloseTo(native22k.seconds(), within(0.001));
  }

  @Test
  void emptyTextGivesEmptyAudio() {
    assertThat(voice.synthesize("", SynthesisOptions.defaults()).isEmpty()).isTrue();
    assertThat(voice.synthesize("  . , ", SynthesisOptions.defaults()).isEmpty()).isTrue();
  }

  @Test
  void controlCharactersEmojiAndMixedScriptsDoNotCrash() {
    SpeechAudio audio = voice.synthesize("Hi\u0000\u0007 \uD83D\uDE00! Привет, мир. 你好。 مرحبا \uD800 ok",
        SynthesisOptions.defaults());
    assertThat(audio.frames()).isPositive();
  }

  @Test
  void aHundredThousandCharactersStreamSentenceBySentence() {
    String text = "This sentence is here to be spoken again and again. ".repeat(2_000);
    assertThat(text.length()).isGreaterThan(100_000);
    long frames = 0;
    int sentences = 0;
    int longest = 0;
    try (Stream<SpeechAudio> stream = voice.stream(text, NO_SILENCE)) {
      for (Iterator<SpeechAudio> it = stream.iterator(); it.hasNext(); ) {
        SpeechAudio sentence = it.next();
        frames += sentence.frames();
        longest = Math.max(longest, sentence.frames());
        sentences++;
      }
    }
    assertThat(sentences).isEqualTo(2_000);
    assertThat(longest).isLessThan(100_000);
    assertThat(frames).isEqualTo((long) longest * 2_000);
  }

  @Test
  void optionsThePiperEngineCannotHonourAreRejected() {
    assertThatThrownBy(() -> voice.stream("Hi.", SynthesisOptions.builder().pitch(60).build()))
        .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("pitch");
    assertThatThrownBy(() -> voice.stream("Hi.", SynthesisOptions.builder().voice("fr").build()))
        .isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> voice.stream("Hi.", SynthesisOptions.builder().speaker("dave").build()))
        .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("dave");
  }

  @Test
  void noiseOptionsAreAccepted() {
    // the dummy ignores noise, so the audio is the same; a real voice varies with them
    SpeechAudio noisy = voice.synthesize("Hi.", NO_SILENCE.toBuilder().noiseScale(0.3).noiseW(0.1).build());
    assertThat(noisy).isEqualTo(voice.synthesize("Hi.", NO_SILENCE));
  }

  @Test
  void singleSpeakerVoicesHaveNoSid() {
    try (Synthesizer single = Speech.synthesizer("piper", ModelRef.of(PiperVoices.single(dir)),
        EngineOptions.builder().threads(1).build())) {
      assertThat(single.synthesize("Hi.", NO_SILENCE).frames()).isEqualTo(13 * 100);
      assertThatThrownBy(() -> single.stream("Hi.", SynthesisOptions.builder().speaker("1").build()))
          .isInstanceOf(InvalidOptionsException.class);
    }
  }

  @Test
  void concurrentCallsGiveTheSameAudio() throws Exception {
    String text = "Several threads speak at once. Each gets its own audio.";
    SpeechAudio expected = voice.synthesize(text, SynthesisOptions.defaults());
    List<Thread> threads = new java.util.ArrayList<>();
    List<SpeechAudio> results = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> results.add(voice.synthesize(text, SynthesisOptions.defaults())));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r).isEqualTo(expected));
  }

  private static double peak(SpeechAudio audio) {
    double peak = 0;
    for (float sample : audio.samples()) {
      peak = Math.max(peak, Math.abs(sample));
    }
    return peak;
  }

  private static int zeroCrossings(SpeechAudio audio) {
    float[] s = audio.samples();
    int crossings = 0;
    for (int i = 1; i < s.length; i++) {
      crossings += (s[i - 1] < 0) != (s[i] < 0) ? 1 : 0;
    }
    return crossings;
  }
}
