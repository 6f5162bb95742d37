package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the whisper-djl benchmarks once, briefly, when the tiny-dims test model has been exported. */
class WhisperDjlBenchmarkSmokeTest {

  @Test
  void everyWhisperBenchmarkRuns() throws Exception {
    boolean exported;
    try {
      WhisperDjlBenchmark.modelDir();
      exported = true;
    } catch (IllegalStateException e) {
      exported = false;
    }
    assumeTrue(exported, "run speech-engine-djl/tools/make_test_models.sh to export the tiny-dims model");
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(WhisperDjlBenchmark.class.getName())
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .verbosity(VerboseMode.SILENT)
        .build()).run();

    assertThat(results).hasSize(4);
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
  }
}
