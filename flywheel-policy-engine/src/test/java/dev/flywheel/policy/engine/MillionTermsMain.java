package dev.flywheel.policy.engine;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.time.Instant;

/**
 * Run in a child JVM with a small heap by {@code ReliabilityItemsTest.item22...}: decides N distinct statements, half
 * of them malformed, and exits non-zero on any wrong decision (an OutOfMemoryError exits non-zero by itself).
 */
final class MillionTermsMain {
  private MillionTermsMain() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    PolicyEngine engine = PolicyEngine.builder().maximumCacheSize(10_000).executor(Runnable::run).build();
    Request train = Request.of(Purpose.TRAIN).at(Instant.parse("2026-06-01T00:00:00Z"));
    for (int i = 0; i < n; i++) {
      boolean malformed = (i & 1) == 1;
      String terms = malformed
          ? "deny tarin" + i + " until 2027-01-01"
          : "deny train until 2027-01-01; pay collective c" + i;
      Decision d = engine.decide(terms, train);
      boolean right = malformed
          ? d.basis() == Decision.Basis.ERROR && d.kind() == Decision.Kind.DENY
          : d.basis() == Decision.Basis.EXPLICIT && d.kind() == Decision.Kind.DENY;
      if (!right) {
        System.err.println("wrong decision for " + terms + ": " + d);
        System.exit(2);
      }
    }
    System.out.println("decided " + n + " distinct statements");
  }
}
