package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterSnapshot;
import dev.flywheel.policy.testkit.GeneratedDataset;
import java.time.Instant;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained memory of the register of the register benchmarks ({@link BenchRegister}: 10,000 statements, 100
 * collectives, rosters of 1,000,000 members): the indexed register alone, and with its snapshot at one time (what a
 * filter run holds), and how long the snapshot takes to build. Run with
 * {@code java -Djdk.attach.allowAttachSelf=true -Xmx4g -cp benchmarks.jar
 * dev.flywheel.policy.benchmarks.RegisterFootprint}.
 */
public final class RegisterFootprint {
  private RegisterFootprint() {}

  /**
   * Prints the sizes.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    byte[] jsonl = GeneratedDataset.jsonl(RegisterFilterBenchmark.RECORDS, GeneratedDataset.EXAMPLE_SEED);
    Register register = BenchRegister.build(jsonl);
    long facts = GraphLayout.parseInstance(register).totalSize();
    long start = System.nanoTime();
    RegisterSnapshot snapshot = register.at(Instant.parse("2027-03-01T00:00:00Z"));
    long snapshotNanos = System.nanoTime() - start;
    long both = GraphLayout.parseInstance(register, snapshot).totalSize();
    System.out.println(String.format(Locale.ROOT,
        "register: %,d bytes; with its snapshot: %,d bytes (snapshot adds %,d, %.0f bytes per roster member); "
            + "snapshot built in %.0f ms",
        facts, both, both - facts, (both - facts) / 1_000_000.0, snapshotNanos / 1e6));
  }
}
