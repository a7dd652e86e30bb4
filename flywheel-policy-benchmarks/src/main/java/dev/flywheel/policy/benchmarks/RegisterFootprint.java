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
 * register, and the file's size. Arguments: entries (default 10,000) and roster members in all (default 1,000,000).
 */
public final class RegisterFootprint {
  private RegisterFootprint() {
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
  }
}
