package dev.speech4j.engine.whispercpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.Speech;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.SpeechTimeoutException;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.TranscriptionStream;
import dev.speech4j.testing.ChildJvm;
import dev.speech4j.testing.TestAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  static Transcriber open(String model, EngineOptions options) {
    return new WhisperCppProvider().create(ModelRef.of(WhisperModels.ggml(model)), options);
  }

  @Test
  void isFoundBySpeechAndAvailable() {
    assertThat(Speech.providers()).anySatisfy(p -> {
      assertThat(p.name()).isEqualTo("whisper-cpp");
      assertThat(p.availability().available()).as(p.availability().reason()).isTrue();
    });
  }

  @Test
  void eightThreadsAtOnceGiveTheSequentialResults() throws Exception {
    List<SpeechAudio> clips = List.of(TestAudio.wav("jfk.wav"), SpeechAudio.of(
        TestAudio.wav("jfk.wav").slice(16_000, 96_000).samples(), 16_000));
    TranscriptionOptions options = ParityTest.GREEDY;
    try (Transcriber whisper = open("micro-en", EngineOptions.builder().threads(1).maxConcurrency(4).build())) {
      List<Transcription> sequential = clips.stream().map(c -> whisper.transcribe(c, options)).toList();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Transcription>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          SpeechAudio clip = clips.get(i % 2);
          futures.add(pool.submit(() -> whisper.transcribe(clip, options)));
        }
        for (int i = 0; i < 8; i++) {
          assertThat(futures.get(i).get()).isEqualTo(sequential.get(i % 2));
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void callersBeyondThePoolTimeOutAndCloseCancelsOpenStreams() {
    SpeechAudio jfk = TestAudio.wav("jfk.wav");
    Transcriber whisper = open("micro-en", EngineOptions.builder().maxConcurrency(1)
        .acquireTimeout(Duration.ofMillis(50)).build());
    TranscriptionStream held = whisper.stream(jfk.asSource(), ParityTest.GREEDY);
    assertThatThrownBy(() -> whisper.transcribe(jfk, ParityTest.GREEDY)).isInstanceOf(SpeechTimeoutException.class)
        .hasMessageContaining("maxConcurrency");
    whisper.close();
    assertThatThrownBy(() -> held.segments().toList()).isInstanceOf(SpeechCancelledException.class);
    held.close();
    assertThatThrownBy(() -> whisper.transcribe(jfk, ParityTest.GREEDY))
        .isInstanceOf(SpeechCancelledException.class);
  }

  @Test
  void optionsWhisperCppCannotHonourAreRejectedTogether() {
    try (Transcriber whisper = open("micro-en", EngineOptions.defaults())) {
      TranscriptionOptions bad = TranscriptionOptions.builder().prefix("And").patience(2.0).seed(7)
          .clipTimestamps(List.of(1.0, 2.0)).maxNewTokens(10).suppressTokens(List.of(-1, 220)).beamSize(9)
          .temperatures(List.of(0.0, 0.5)).language("fr").build();
      assertThatThrownBy(() -> whisper.transcribe(TestAudio.wav("jfk.wav"), bad))
          .isInstanceOf(InvalidOptionsException.class)
          .hasMessageContaining("prefix").hasMessageContaining("patience").hasMessageContaining("seed")
          .hasMessageContaining("clipTimestamps").hasMessageContaining("maxNewTokens")
          .hasMessageContaining("suppressTokens").hasMessageContaining("beamSize")
          .hasMessageContaining("temperatures").hasMessageContaining("English-only");
    }
  }

  @Test
  void defaultsWhisperCppCannotHonourAreReportedInTheInfo() {
    try (Transcriber whisper = open("micro-en", EngineOptions.defaults());
        TranscriptionStream run = whisper.stream(TestAudio.wav("jfk.wav").asSource(),
            TranscriptionOptions.defaults())) {
      TranscriptionOptions effective = run.info().options();
      assertThat(effective.noSpeechThreshold()).isEmpty();
      assertThat(effective.compressionRatioThreshold()).isEmpty();
      // the micro model has 2 decoder layers: whisper.cpp takes it for distil-whisper and drops timestamps
      assertThat(effective.withoutTimestamps()).isTrue();
      assertThat(run.info().language()).isEqualTo("en");
    }
  }

  @Test
  void temperatureListsAreMappedOntoAStep() {
    assertThat(DecodePlan.temperatureStep(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0))).isEqualTo(0.2f);
    assertThat(DecodePlan.temperatureStep(List.of(0.5))).isZero();
    assertThat(DecodePlan.temperatureStep(List.of(0.0, 0.5))).isNegative();
    assertThat(DecodePlan.temperatureStep(List.of(0.0, 0.3, 0.6, 0.9))).isEqualTo(0.3f);
  }

  @Test
  void customNativesAreCheckedBeforeLoading(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> WhisperNatives.load(dir.resolve("libwhisper.so").toString()))
        .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("not found");
    byte[] elf = new byte[64];
    elf[0] = 0x7f;
    elf[1] = 'E';
    elf[2] = 'L';
    elf[3] = 'F';
    elf[18] = (byte) (NativeArch.current().equals("aarch64") ? 0x3e : 0xb7);
    Path foreign = Files.write(dir.resolve("libwhisper-foreign.so"), elf);
    assertThat(NativeArch.of(foreign)).isNotEqualTo(NativeArch.current());
    assertThatThrownBy(() -> new WhisperCppProvider().create(ModelRef.of(WhisperModels.ggml("micro-en")),
        EngineOptions.builder().property("whisper-cpp.native", foreign.toString()).build()))
        .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("built for");
  }

  @Test
  void aCpuWithoutAvx2GetsThePlainBuild() {
    CpuFlags avx2 = CpuFlags.parse("processor: 0\nflags\t\t: fpu sse avx avx2 fma f16c\n");
    CpuFlags old = CpuFlags.parse("flags : fpu sse sse2 avx\n");
    assertThat(WhisperNatives.bundledVariant("x86-64", avx2)).isEqualTo("libggml+mf16c+mfma+mavx+mavx2.so");
    assertThat(WhisperNatives.bundledVariant("x86-64", old)).isEqualTo("libggml.so");
  }

  @Test
  void unknownEnginePropertiesAreRejected() {
    assertThatThrownBy(() -> new WhisperCppProvider().create(ModelRef.of(Path.of("x.bin")),
        EngineOptions.builder().property("whisper-cpp.thread", "2").build()))
        .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("whisper-cpp.thread");
  }

  /** The natives go to the per-user cache, once; the temp directory stays empty. */
  @Test
  void leavesNothingInTheTempDirectory(@TempDir Path tmp, @TempDir Path home) throws Exception {
    Path model = WhisperModels.ggml("micro-en");
    for (int run = 0; run < 2; run++) {
      ChildJvm.Result probe = ChildJvm.runIsolated(NativeProbe.class, tmp, home, "engine", model.toString(),
          ParityTest.JFK.toString());
      assertThat(probe.out()).as(probe.err()).startsWith("transcribed");
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
    try (Stream<Path> cached = Files.list(home.resolve(".cache/speech4j/natives"))) {
      assertThat(cached).singleElement().satisfies(d -> assertThat(d.resolve("libwhisper.so.1")).isRegularFile());
    }
  }
}
