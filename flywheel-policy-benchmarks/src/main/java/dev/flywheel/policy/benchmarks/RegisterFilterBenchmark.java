package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.ByteArrayInputStream;
import java.time.Instant;
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
 * (10,000 statements over 100 collectives, rosters of 1,000,000 members; {@code register=large}). The snapshot of the
 * register at the run's time is built once, outside the measurement, as a run builds it once; what is measured is
 * what the register adds per record. Score: records per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Thread)
public class RegisterFilterBenchmark {
  static final int RECORDS = FilterBenchmark.RECORDS;
  private static final Request REQUEST = Request.of(Purpose.TRAIN).at(Instant.parse("2027-03-01T00:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA);

  @Param({"none", "large"})
  public String register;

  private byte[] jsonl;
  private RecordFilter filter;

  @Setup
  public void setUp() {
    jsonl = GeneratedDataset.jsonl(RECORDS, GeneratedDataset.EXAMPLE_SEED);
    RecordFilter.Builder b = RecordFilter.builder(PolicyEngine.builder().build()).request(REQUEST).threads(1);
    if (register.equals("large")) {
      Register built = BenchRegister.build(jsonl);
      built.at(REQUEST.at()); // the run's snapshot, as a run takes it once
      b.register(built);
    }
    filter = b.build();
    long allowed = filterAll();
    if (allowed <= 0 || allowed >= RECORDS) {
      throw new IllegalStateException("the dataset should mix allowed and other lines: " + allowed);
    }
  }

  private long filterAll() {
    long allowed = 0;
    long lines = 0;
    try (FilterRun run = filter.open(new ByteArrayInputStream(jsonl))) {
      while (run.hasNext()) {
        lines++;
        if (run.next().isAllowed()) {
          allowed++;
        }
      }
    }
    if (lines != RECORDS) {
      throw new IllegalStateException("expected " + RECORDS + " lines, got " + lines);
    }
    return allowed;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long filterJsonl() {
    return filterAll();
  }
}
