package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.register.LoadResult;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.openjdk.jol.info.GraphLayout;

/**
 * Memory of a verified register: the retained size (JOL) of the {@code VerifiedLog} of {@link SyntheticRegister}'s
 * register, and the file's size; then the CPU time of the loading thread for five loads in a row, the cost on one
 * core whatever else the machine runs (garbage collection and compilation on other threads not counted). Arguments:
 * entries (default 10,000) and roster members in all (default 1,000,000).
 */
public final class RegisterLoadFootprint {
  private RegisterLoadFootprint() {
  }

  /**
   * Prints the sizes.
   *
   * @param args entries, roster members
   * @throws Exception if the register cannot be written
   */
  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int members = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Path dir = Files.createTempDirectory("register-footprint");
    KeyPair operator = SyntheticRegister.write(dir, entries, 100, members, 42);
    LoadResult result = RegisterLog.load(dir, operator.getPublic(), RegisterLimits.defaults(),
        PolicyEngine.builder().build(), null);
    if (!(result instanceof LoadResult.Verified verified)) {
      throw new IllegalStateException(String.valueOf(result));
    }
    long bytes = GraphLayout.parseInstance(verified.log()).totalSize();
    System.out.printf("entries %,d, roster members %,d: entries.jsonl %,d bytes, verified log retains %,d bytes%n",
        entries, members, Files.size(dir.resolve(RegisterLog.ENTRIES)), bytes);
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    PolicyEngine engine = PolicyEngine.builder().build();
    for (int i = 0; i < 5; i++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      LoadResult again = RegisterLog.load(dir, operator.getPublic(), RegisterLimits.defaults(), engine, null);
      System.out.printf("load %d: %s, loading thread's CPU %,d ms, wall %,d ms%n", i + 1,
          again.getClass().getSimpleName(), (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000,
          (System.nanoTime() - wall) / 1_000_000);
    }
  }
}
