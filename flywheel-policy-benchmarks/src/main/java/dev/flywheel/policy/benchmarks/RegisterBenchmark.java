package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.register.LoadResult;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading and verifying a register on one thread ({@link RegisterLog#load}): every line read, every Ed25519
 * signature checked, every payload parsed, every statement's terms validated, rosters read, the Merkle tree
 * recomputed and compared with the checkpoint. The register is {@link SyntheticRegister}'s: 100 collectives with
 * rosters of {@code rosterMembers} members in all, statements up to {@code entries}. The score is milliseconds per
 * load.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class RegisterBenchmark {
  @Param({"10000"})
  int entries;

  @Param({"1000000"})
  int rosterMembers;

  private Path dir;
  private PublicKey operator;
  private PolicyEngine engine;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("register-benchmark");
    operator = SyntheticRegister.write(dir, entries, 100, rosterMembers, 42).getPublic();
    engine = PolicyEngine.builder().build();
    if (!(load() instanceof LoadResult.Verified)) {
      throw new IllegalStateException("the synthetic register does not verify: " + load());
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  @Benchmark
  public LoadResult load() {
    return RegisterLog.load(dir, operator, RegisterLimits.defaults(), engine, null);
  }
}
