package dev.flywheel.policy.usage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A counter as one batch sees it: its count, its limit, which of the batch's items it already holds, and what the
 * batch adds. The in-memory store keeps these as its state; the database stores load them per batch.
 */
final class CounterState {
  final long id; // the database row; 0 in memory
  long used;
  long limit;
  final Set<String> counted;
  final List<String> added = new ArrayList<>();

  CounterState(long id, long used, long limit, Set<String> counted) {
    this.id = id;
    this.used = used;
    this.limit = limit;
    this.counted = counted;
  }

  static CounterState fresh() {
    return new CounterState(0, 0, Long.MAX_VALUE, new HashSet<>());
  }
}
