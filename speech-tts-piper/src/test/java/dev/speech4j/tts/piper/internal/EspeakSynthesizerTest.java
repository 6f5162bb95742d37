package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.testing.SystemProperties;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VoiceActivityDetector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EspeakSynthesizerTest {
  private static final String PARAGRAPH = "The weather today is bright and sunny. Later this evening, clouds will "
      + "arrive from the west. Tomorrow brings rain in the morning and wind in the afternoon.";

  private Synthesizer espeak;

  @BeforeEach
  void load() {
    espeak = Speech.synthesizer("espeak", ModelRef.defaultModel());
  }

  @AfterEach
  void close() {
    espeak.close();
  }

  @Test
  void speaksAtEspeaksRate() {
    SpeechAudio hello = espeak.synthesize("Hello world.", SynthesisOptions.defaults());
    assertThat(espeak.sampleRate()).isEqualTo(22_050);
    assertThat(hello.sampleRate()).isEqualTo(22_050);
    assertThat(hello.seconds()).isBetween(0.7, 3.0);
    assertThat(hello.report().silent()).isFalse();
  }

  /** Coverage of the voiced part: each sentence from its first to its last audible sample. */
  @ParameterizedTest
  @ValueSource(strings = {"energy", "silero"})
  void isDetectedAsSpeech(String engine) {
    assumeThat(Speech.providers()).as("a VAD engine named " + engine + " is on the class path")
        .anyMatch(p -> p.kind() == ProviderInfo.Kind.VAD && p.name().equals(engine));
    List<SpeechAudio> sentences;
    SynthesisOptions options = SynthesisOptions.builder().sentenceSilence(Duration.ofMillis(700)).build();
    try (Stream<SpeechAudio> stream = espeak.stream(PARAGRAPH, options)) {
      sentences = stream.toList();
    }
    SpeechAudio audio = SpeechAudio.concat(sentences, 22_050).resample(16_000);
    List<int[]> voiced = new ArrayList<>();
    int offset = 0;
    for (SpeechAudio sentence : sentences) {
      SpeechAudio at16k = sentence.resample(16_000);
      voiced.add(audible(at16k, offset));
      offset += at16k.frames();
    }
    List<SpeechSegment> speech;
    try (VoiceActivityDetector vad = Speech.vad(engine)) {
      speech = vad.speechSegments(audio, VadOptions.defaults());
    }
    long covered = 0;
    long total = 0;
    for (int[] span : voiced) {
      total += span[1] - span[0];
      for (SpeechSegment s : speech) {
        covered += Math.max(0, Math.min(span[1], s.end()) - Math.max(span[0], s.start()));
      }
    }
    assertThat((double) covered / total).as(engine + " coverage of " + speech).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void streamsSentencesInOrderEachWithItsSilence() {
    SynthesisOptions options = SynthesisOptions.builder().sentenceSilence(Duration.ofMillis(500)).build();
    List<SpeechAudio> sentences;
    try (Stream<SpeechAudio> stream = espeak.stream(PARAGRAPH, options)) {
      sentences = stream.toList();
    }
    assertThat(sentences).hasSize(3);
    int silence = 22_050 / 2;
    for (SpeechAudio s : sentences) {
      assertThat(s.slice(s.frames() - silence, s.frames()).report().silent()).isTrue();
      assertThat(s.slice(0, s.frames() - silence).report().silent()).isFalse();
    }
    SpeechAudio alone = espeak.synthesize("Later this evening, clouds will arrive from the west.",
        SynthesisOptions.builder().sentenceSilence(Duration.ZERO).build());
    // espeak-ng's pitch flutter makes each run a few samples longer or shorter
    assertThat(sentences.get(1).frames() - silence).isCloseTo(alone.frames(), withinPercentage(2));
  }

  @Test
  void speedPitchVoiceAndVolume() {
    SynthesisOptions plain = SynthesisOptions.builder().sentenceSilence(Duration.ZERO).build();
    SpeechAudio normal = espeak.synthesize(PARAGRAPH, plain);
    SpeechAudio fast = espeak.synthesize(PARAGRAPH, plain.toBuilder().speed(2).build());
    assertThat(fast.seconds()).isLessThan(normal.seconds() * 0.7);
    assertThat(espeak.synthesize(PARAGRAPH, plain.toBuilder().pitch(90).build())).isNotEqualTo(normal);
    SpeechAudio french = espeak.synthesize("Bonjour tout le monde.", plain.toBuilder().voice("fr").build());
    assertThat(french.report().silent()).isFalse();
    SpeechAudio quiet = espeak.synthesize(PARAGRAPH, plain.toBuilder().volume(0.5).build());
    assertThat(quiet.report().rmsDbfs()).isCloseTo(normal.report().rmsDbfs() - 6.02, org.assertj.core.data.Offset.offset(0.5));
    SpeechAudio at16k = espeak.synthesize("Hello.", plain.toBuilder().sampleRate(16_000).build());
    assertThat(at16k.sampleRate()).isEqualTo(16_000);
  }

  @Test
  void optionsEspeakCannotHonourAreRejected() {
    for (SynthesisOptions bad : new SynthesisOptions[] {
        SynthesisOptions.builder().speed(0.3).build(), SynthesisOptions.builder().speed(3).build(),
        SynthesisOptions.builder().noiseScale(0.5).build(), SynthesisOptions.builder().speaker("1").build(),
        SynthesisOptions.builder().voice("xx-nosuch").build()}) {
      assertThatThrownBy(() -> espeak.stream("Hi.", bad)).as(bad.toString()).isInstanceOf(InvalidOptionsException.class);
    }
    assertThatThrownBy(() -> espeak.stream("Hi.", SynthesisOptions.builder().speed(3).build()))
        .hasMessageContaining("between 0.46 and 2.57");
  }

  @Test
  void voicesAreNamedNotFiles() {
    try (Synthesizer french = Speech.synthesizer("espeak", ModelRef.named("fr"))) {
      assertThat(french.synthesize("Bonjour.", SynthesisOptions.defaults()).frames()).isPositive();
    }
    assertThatThrownBy(() -> Speech.synthesizer("espeak", ModelRef.named("xx-nosuch")))
        .isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> Speech.synthesizer("espeak", ModelRef.of(Path.of("voice.onnx"))))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("piper");
  }

  @Test
  void emptyAndMessyText() {
    assertThat(espeak.synthesize("", SynthesisOptions.defaults()).isEmpty()).isTrue();
    assertThat(espeak.synthesize("Hi\u0000\u0007 \uD83D\uDE00! Привет, мир. 你好。 \uD800 ok",
        SynthesisOptions.defaults()).frames()).isPositive();
  }

  /** espeak-ng's output varies by a few samples from run to run, so lengths are compared. */
  @Test
  void concurrentCallsTakeTurnsAndKeepTheirVoices() throws Exception {
    SpeechAudio expected = espeak.synthesize(PARAGRAPH, SynthesisOptions.defaults());
    List<SpeechAudio> results = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // a French caller in between must not change the others' voice
      String voice = i == 2 ? "fr" : null;
      Thread t = new Thread(() -> results.add(espeak.synthesize(PARAGRAPH,
          SynthesisOptions.builder().voice(voice).build())));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(results).hasSize(4)
        .filteredOn(r -> Math.abs(r.frames() - expected.frames()) < expected.frames() * 0.02).hasSize(3);
  }

  @Test
  void aMissingLibraryIsUnavailableWithInstallCommands() {
    SystemProperties.with(Espeak.LIBRARY_PROPERTY, "/nonexistent/libespeak-ng.so.1", () -> {
      assertThat(new EspeakProvider().availability().available()).isFalse();
      assertThat(new PiperProvider().availability().reason()).contains("apt-get install libespeak-ng1");
      assertThatThrownBy(() -> Speech.synthesizer("espeak", ModelRef.defaultModel()))
          .isInstanceOf(EngineUnavailableException.class)
          .hasMessageContaining("/nonexistent/libespeak-ng.so.1")
          .hasMessageContaining("apt-get install libespeak-ng1")
          .hasMessageContaining("dnf install espeak-ng")
          .hasMessageContaining("brew install espeak-ng");
    });
  }

  /** [first, last] audible frame of {@code sentence}, shifted by {@code offset}. */
  private static int[] audible(SpeechAudio sentence, int offset) {
    float[] s = sentence.samples();
    int first = 0;
    while (first < s.length && Math.abs(s[first]) < 0.01) {
      first++;
    }
    int last = s.length - 1;
    while (last > first && Math.abs(s[last]) < 0.01) {
      last--;
    }
    return new int[] {offset + first, offset + last + 1};
  }
}
