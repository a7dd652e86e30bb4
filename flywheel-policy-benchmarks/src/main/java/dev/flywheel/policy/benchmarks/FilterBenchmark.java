package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.cli.GeneratedDataset;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.RecordFilter;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code filter} over JSON Lines on one deciding thread: the dataset of {@code flywheel-policy generate} (valid,
 * invalid and layered records) in memory, validated, decided and entered in the ledger line by line. The score is
 * records per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FilterBenchmark {
  static final int RECORDS = 20_000;

  private byte[] jsonl;
  private RecordFilter filter;
  private long expectedAllowed;

  @Setup
  public void setUp() {
    jsonl = GeneratedDataset.jsonl(RECORDS, GeneratedDataset.exampleSeed());
    filter = RecordFilter.builder(PolicyEngine.builder().build())
        .request(Request.of(Purpose.TRAIN).at(Instant.parse("2027-03-01T00:00:00Z"))
            .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA))
        .threads(1)
        .build();
    expectedAllowed = filterAll();
    if (expectedAllowed <= 0 || expectedAllowed >= RECORDS) {
      throw new IllegalStateException("the dataset should mix allowed and other lines: " + expectedAllowed);
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
