package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out one instance per distinct {@link Decision} value within a run, so that later stages can recognise a
 * decision they have seen by identity instead of comparing it field by field: the output writer keeps a decision's
 * serialised form against the instance. A dataset repeats a few decisions over millions of records; the engine makes a
 * new instance for a record with layered terms whenever its table of item decisions does not hold them.
 *
 * <p>Thread-safe: used by every deciding thread of a run, so that the comparing is spread over them. Bounded: at most
 * {@value #MAX_DECISIONS} instances are kept; past that all are forgotten at once. Interning only ever replaces a
 * decision by an equal one, so results never depend on what is kept.
 */
final class DecisionInterner {
  static final int MAX_DECISIONS = 4096;
  /** Slots of the identity table in front of the map (a power of two). */
  private static final int RECENT_SLOTS = 256;

  private final ConcurrentHashMap<Decision, Decision> kept = new ConcurrentHashMap<>();
  /**
   * The last decisions interned, by identity: the engine hands out one instance again and again for records whose
   * terms it has decided before, and finding that instance here spares hashing it field by field for the map.
   * Shared by the deciding threads without locks: an entry is an immutable pair, so a thread that reads a stale or
   * another thread's entry only misses.
   */
  private final Recent[] recent = new Recent[RECENT_SLOTS];

  /** A decision as the engine gave it and the instance it was interned to. */
  private record Recent(Decision given, Decision interned) {}

  /** {@return an instance equal to {@code decision}: the first such one seen, while it is kept} */
  Decision intern(Decision decision) {
    int slot = System.identityHashCode(decision) & (RECENT_SLOTS - 1);
    Recent seen = recent[slot];
    if (seen != null && seen.given() == decision) {
      return seen.interned();
    }
    Decision interned = internByValue(decision);
    recent[slot] = new Recent(decision, interned);
    return interned;
  }

  private Decision internByValue(Decision decision) {
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
