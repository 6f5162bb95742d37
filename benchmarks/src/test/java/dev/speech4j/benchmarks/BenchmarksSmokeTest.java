package dev.speech4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.engine.djl.whisper.WhisperDjlBenchmark;
import dev.speech4j.engine.whispercpp.internal.WhisperCppBenchmark;
import dev.speech4j.testing.WhisperReference;
import dev.speech4j.tts.piper.internal.PiperSentenceBenchmark;
import dev.speech4j.tts.piper.internal.StandinPiperVoice;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, briefly and in-process, so that CI keeps them compiling and running (the whisper-djl
 * and whisper-cpp ones on the tiny model the tests make, at one thread only; the Piper ones when Python can
 * generate their stand-in voice). Figures come from the real run described in
 * README.md, not from here.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRuns() throws Exception {
    boolean piperVoice = StandinPiperVoice.canGenerate();
    System.setProperty("speech4j.whisper.model", WhisperReference.testModels().resolve("tiny-en").toString());
    assertThat(WhisperDjlBenchmark.modelExported() && WhisperCppBenchmark.modelExported()).isTrue();
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include("dev\\.speech4j\\.benchmarks\\..*")
        .include(WhisperDjlBenchmark.class.getName())
        .include(WhisperCppBenchmark.class.getName())
        .include(piperVoice ? PiperSentenceBenchmark.class.getName() : "^$")
        // the service's variants differ only in callers and slots: one with 1 caller and one with 8 show it runs
        .exclude(ServiceBenchmark.class.getName() + "\\.(direct1|direct8|pool4|serial8)$")
        .param("threads", "1")
        .param("runner", "loop", "local[1]")
        .param("files", "2")
        .param("speed", "50")
        .param("engine", piperVoice ? new String[] {"espeak", "piper"} : new String[] {"espeak"})
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .verbosity(VerboseMode.SILENT)
        .build()).run();

    assertThat(results).isNotEmpty();
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
  }
}
