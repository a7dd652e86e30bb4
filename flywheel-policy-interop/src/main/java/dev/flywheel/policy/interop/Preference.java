package dev.flywheel.policy.interop;

import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.TimeWindow;
import java.util.List;

/**
 * One imported statement about one purpose: allowed, allowed only under conditions, or disallowed. "Unknown" is the
 * absence of a preference, never a value.
 *
 * @param allowed true for an allow (with or without conditions)
 * @param conditions the conditions of a conditional allow; empty otherwise
 */
record Preference(boolean allowed, List<Condition> conditions) {
  static final Preference ALLOW = new Preference(true, List.of());
  static final Preference DENY = new Preference(false, List.of());

  Preference {
    conditions = List.copyOf(conditions);
    if (!allowed && !conditions.isEmpty()) {
      throw new IllegalArgumentException("a refusal has no conditions");
    }
  }

  static Preference allowIf(List<Condition> conditions) {
    return new Preference(true, conditions);
  }

  /** 2 for a refusal, 1 for a conditional allow, 0 for a plain allow: higher is more restrictive. */
  int restrictiveness() {
    return !allowed ? 2 : conditions.isEmpty() ? 0 : 1;
  }

  /**
   * For alternatives (either may be chosen): the more restrictive of the two, the first on ties, so the result never
   * grants more than either.
   */
  Preference combine(Preference other) {
    return other.restrictiveness() > restrictiveness() ? other : this;
  }

  /**
   * For statements that all apply: a refusal if either refuses, else an allow under the conditions of both (in order,
   * without repeats), so the result never grants more than either.
   */
  Preference both(Preference other) {
    if (!allowed || !other.allowed) {
      return DENY;
    }
    if (other.conditions.isEmpty() || conditions.containsAll(other.conditions)) {
      return this;
    }
    java.util.LinkedHashSet<Condition> all = new java.util.LinkedHashSet<>(conditions);
    all.addAll(other.conditions);
    return allowIf(List.copyOf(all));
  }

  Clause toClause(Purpose purpose) {
    return allowed
        ? new AllowClause(List.of(purpose), conditions, TimeWindow.ALWAYS, null)
        : new DenyClause(List.of(purpose), TimeWindow.ALWAYS, null);
  }
}
