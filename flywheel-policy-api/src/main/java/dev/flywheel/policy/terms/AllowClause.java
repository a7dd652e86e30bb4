package dev.flywheel.policy.terms;

import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Span;
import java.util.List;

/**
 * {@code allow P[, P...] [if COND [and COND...]]}, also spelled {@code P if COND [and COND...]}.
 *
 * @param purposes the purposes allowed, at least one, in source order
 * @param conditions facts that must hold and duties that must be performed; empty for an unconditional allow
 * @param window when the clause is active
 * @param span the clause in the source, or {@code null}
 */
public record AllowClause(List<Purpose> purposes, List<Condition> conditions, TimeWindow window, Span span)
    implements Clause {

  /**
   * Creates the record: copies the collections, so the record is immutable.
   *
   * @param purposes the purposes allowed, at least one, in source order
   * @param conditions facts that must hold and duties that must be performed; empty for an unconditional allow
   * @param window when the clause is active
   * @param span the clause in the source, or {@code null}
   * @throws IllegalArgumentException if a component is outside what the type's description allows
   */
  public AllowClause {
    purposes = List.copyOf(purposes);
    conditions = List.copyOf(conditions);
    Policy.nonNull(window, "window");
    if (purposes.isEmpty()) {
      throw new IllegalArgumentException("an allow clause names at least one purpose");
    }
  }

  /** Equal when purposes, conditions and window are equal; spans are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof AllowClause other
        && purposes.equals(other.purposes)
        && conditions.equals(other.conditions)
        && window.equals(other.window);
  }

  @Override
  public int hashCode() {
    return (purposes.hashCode() * 31 + conditions.hashCode()) * 31 + window.hashCode();
  }

  @Override
  public String toString() {
    return "Allow" + purposes + (conditions.isEmpty() ? "" : " if " + conditions) + " " + window;
  }
}
