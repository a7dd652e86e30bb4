package dev.flywheel.policy.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark for one very short iteration in this JVM, so that a change that breaks a benchmark's setup
 * (which asserts the engines agree) fails the build. It measures nothing: timings are never asserted in tests.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmark_runsOneShortIteration() throws Exception {
    Options options = new OptionsBuilder()
        .include("dev\\.flywheel\\.policy\\.benchmarks\\..*")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(50))
        .shouldFailOnError(true)
        // RegisterBenchmark's register, small: the smoke run checks that it builds and verifies, not its size.
        .param("entries", "500")
        .param("rosterMembers", "10000")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    assertTrue(results.size() >= 25, "expected every benchmark and parameter to run, got " + results.size());
    for (RunResult r : results) {
      assertEquals(1, r.getBenchmarkResults().size(), r.getParams().getBenchmark());
      assertTrue(r.getPrimaryResult().getSampleCount() > 0, r.getParams().getBenchmark());
    }
  }
}
