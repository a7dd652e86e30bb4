package dev.flywheel.policy.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Keeps the JOL measurement working; the size itself is reported in docs/PERFORMANCE.md, not asserted here. */
class PolicyFootprintTest {

  @Test
  void measure_distinctTermsCached_countsBytesForEachPolicy() {
    PolicyFootprint.Result r = PolicyFootprint.measure(200);
    assertTrue(r.compiledBytes() > 0, "a cached policy retains memory: " + r);
    assertTrue(r.decidedBytes() >= r.compiledBytes(), "deciding fills the table, it never frees it: " + r);
  }
}
