package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.usage.StoreResult;
import dev.flywheel.policy.usage.UsageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The price of keeping quota counts across runs: {@code generate}'s dataset (a fraction of whose records carry caps)
 * filtered on one thread without a usage store ({@link #withoutUsage}) and with a new SQLite store on the local disk
 * for every pass ({@link #withSqliteUsage}: creating the store, one reservation transaction per chunk of lines,
 * durable commits). Each operation is one pass over the whole dataset; the score is seconds per pass.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@State(Scope.Benchmark)
public class UsageFilterBenchmark {

  /** Lines of the dataset. */
  @Param("20000")
  public int records;

  private byte[] jsonl;
  private Request request;
  private PolicyEngine engine;
  private Path folder;
  private UsageStore store;
  private int pass;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    jsonl = FilterWorkload.dataset(records);
    request = FilterWorkload.README_REQUEST;
    engine = PolicyEngine.builder().build();
    folder = Files.createTempDirectory("usage-bench");
  }

  /** A new store per pass, so that every pass counts its items (a second pass over one store would only re-admit). */
  @Setup(Level.Invocation)
  public void newStore() {
    StoreResult<UsageStore> opened = UsageStore.open(folder.resolve("usage-" + pass++ + ".db").toString());
    if (!(opened instanceof StoreResult.Ok<UsageStore> ok)) {
      throw new IllegalStateException(((StoreResult.Failed<UsageStore>) opened).error().message());
    }
    store = ok.value();
  }

  @TearDown(Level.Invocation)
  public void closeStore() {
    store.close();
  }

  @TearDown(Level.Trial)
  public void deleteStores() throws IOException {
    try (var files = Files.list(folder)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(folder);
  }

  private long filter(RecordFilter filter) {
    long allowed = 0;
    long quota = 0;
    try (FilterRun run = filter.open(new ByteArrayInputStream(jsonl))) {
      while (run.hasNext()) {
        if (run.next().isAllowed()) {
          allowed++;
        }
      }
      quota = run.ledger().count(DenialReason.QUOTA);
      if (run.ledger().count(DenialReason.USAGE_UNAVAILABLE) > 0 || quota == 0) {
        throw new IllegalStateException("the store failed, or the dataset reached no cap");
      }
    } catch (UncheckedIOException e) {
      throw new IllegalStateException(e);
    }
    return allowed;
  }

  @Benchmark
  public long withoutUsage() {
    return filter(RecordFilter.builder(engine).request(request).build());
  }

  @Benchmark
  public long withSqliteUsage() {
    return filter(RecordFilter.builder(engine).request(request).usage(store.counter("bench")).build());
  }
}
