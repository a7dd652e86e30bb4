package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cache miss with a warm parser: an engine without a cache parses, compiles and decides the terms on every call.
 * {@code short} terms are 39 characters (the target covers up to 64), {@code long} ones 205.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CacheMissBenchmark {

  @Param({"short", "long"})
  public String shape;

  private String terms;
  private PolicyEngine engine;
  private final Request request = Request.of(Purpose.TRAIN).at(Workload.AT);

  @Setup
  public void setUp() {
    terms = "short".equals(shape) ? Workload.SHORT_TERMS : Workload.LONG_TERMS;
    engine = PolicyEngine.builder().maximumCacheSize(0).build();
    PolicyEngine cached = PolicyEngine.builder().build();
    Decision uncached = engine.decide(terms, request);
    if (uncached.basis() != Decision.Basis.EXPLICIT || !uncached.equals(cached.decide(terms, request))) {
      throw new IllegalStateException("a miss must decide as a hit: " + uncached);
    }
  }

  @Benchmark
  public Decision parseCompileDecide() {
    return engine.decide(terms, request);
  }
}
