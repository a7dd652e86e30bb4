package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.register.Register;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code filter} under a register, next to {@link FilterBenchmark}: the same 20,000 generated lines on one deciding
 * thread, decided without a register ({@code register=none}) and under the register of {@link BenchRegister}
 * (10,000 statements over 100 collectives, rosters of 1,000,000 members; {@code register=large}), which decides every
 * record as the records do (the setup checks it). The snapshot of the register at the run's time is built once,
 * outside the measurement, as a run builds it once; what is measured is what applying the register adds per record.
 * Score: records per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Thread)
public class RegisterFilterBenchmark {
  static final int RECORDS = FilterBenchmark.RECORDS;
  private static final Request REQUEST = FilterWorkload.README_REQUEST;

  @Param({"none", "large"})
  public String register;

  private byte[] jsonl;
  private RecordFilter filter;

  @Setup
  public void setUp() {
    jsonl = FilterWorkload.dataset(RECORDS);
    filter = RecordFilter.builder(PolicyEngine.builder().build()).request(REQUEST).threads(1).build();
    long allowedWithout = filterAll();
    if (register.equals("large")) {
      Register built = BenchRegister.build();
      built.at(REQUEST.at()); // the run's snapshot, as a run takes it once
      filter = RecordFilter.builder(PolicyEngine.builder().build()).request(REQUEST).threads(1).register(built)
          .build();
    }
    long allowed = filterAll();
    if (allowed <= 0 || allowed >= RECORDS) {
      throw new IllegalStateException("the dataset should mix allowed and other lines: " + allowed);
    }
    // The register restates the collectives' embedded terms: the comparison is honest only if it decides the same.
    if (allowed != allowedWithout) {
      throw new IllegalStateException("the register changed decisions: " + allowed + " vs " + allowedWithout);
    }
  }

  private long filterAll() {
    return FilterWorkload.countAllowed(filter, jsonl, RECORDS);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long filterJsonl() {
    return filterAll();
  }
}
