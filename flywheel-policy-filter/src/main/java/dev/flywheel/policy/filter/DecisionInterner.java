package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out one instance per distinct {@link Decision} value within a run, so that later stages can recognise a
 * decision they have seen by identity instead of comparing it field by field: the output writer keeps a decision's
 * serialised form against the instance. A dataset repeats a few decisions over millions of records; the engine makes a
 * new instance for each record with layered terms.
 *
 * <p>Thread-safe: used by every deciding thread of a run, so that the comparing is spread over them. Bounded: at most
 * {@value #MAX_DECISIONS} instances are kept; past that all are forgotten at once. Interning only ever replaces a
 * decision by an equal one, so results never depend on what is kept.
 */
final class DecisionInterner {
  static final int MAX_DECISIONS = 4096;

  private final ConcurrentHashMap<Decision, Decision> kept = new ConcurrentHashMap<>();

  /** {@return an instance equal to {@code decision}: the first such one seen, while it is kept} */
  Decision intern(Decision decision) {
    Decision first = kept.putIfAbsent(decision, decision);
    if (first != null) {
      return first;
    }
    if (kept.size() > MAX_DECISIONS) {
      kept.clear();
    }
    return decision;
  }
}
