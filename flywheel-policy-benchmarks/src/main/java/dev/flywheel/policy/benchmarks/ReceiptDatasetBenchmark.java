package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.filter.receipt.Receipt;
import java.nio.charset.CharacterCodingException;
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
 * {@link ReceiptBenchmark}'s two runs, with and without a receipt, over the whole dataset that a receipt's cost is
 * judged on: the {@value #RECORDS} generated lines of {@code bin/bench-filter} (its seed, about 390 MB, held in
 * memory so that the disk does not blur the ratio). An operation is one whole run, so the run's fixed costs (its
 * threads' start, the wait for the last batches, the ledger's and the receipt's JSON) weigh as they do on that file;
 * the score is per record. Needs a heap of about 2 GiB.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 6, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@State(Scope.Thread)
public class ReceiptDatasetBenchmark {
  /** Lines of the dataset: the file of {@code bin/bench-filter}. */
  static final int RECORDS = 1_000_000;
  /** The seed {@code bin/bench-filter} generates its file with. */
  static final long BENCH_FILTER_SEED = 7;

  /** Deciding threads of the run, as {@code filter --threads}. */
  @Param({"1", "2"})
  public int threads;

  private byte[] jsonl;
  private RecordFilter filter;

  @Setup
  public void setUp() {
    jsonl = dev.flywheel.policy.testkit.GeneratedDataset.jsonl(RECORDS, BENCH_FILTER_SEED);
    filter = RecordFilter.builder(PolicyEngine.builder().build()).request(FilterWorkload.README_REQUEST)
        .threads(threads).build();
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long filterWithoutReceipt() {
    return ReceiptBenchmark.filterWithoutReceipt(filter, jsonl);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Receipt filterWithReceipt() throws CharacterCodingException {
    return ReceiptBenchmark.filterWithReceipt(filter, jsonl);
  }
}
