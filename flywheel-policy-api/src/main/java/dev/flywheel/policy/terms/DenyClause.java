package dev.flywheel.policy.terms;

import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Span;
import java.util.List;

/**
 * {@code deny P[, P...]}, also spelled {@code no-P}.
 *
 * @param purposes the purposes denied, at least one, in source order
 * @param window when the clause is active
 * @param span the clause in the source, or {@code null}
 */
public record DenyClause(List<Purpose> purposes, TimeWindow window, Span span) implements Clause {

  /**
   * Creates the record: copies the collections, so the record is immutable.
   *
   * @param purposes the purposes denied, at least one, in source order
   * @param window when the clause is active
   * @param span the clause in the source, or {@code null}
   * @throws IllegalArgumentException if a component is outside what the type's description allows
   */
  public DenyClause {
    purposes = List.copyOf(purposes);
    Policy.nonNull(window, "window");
    if (purposes.isEmpty()) {
      throw new IllegalArgumentException("a deny clause names at least one purpose");
    }
  }

  /** Equal when purposes and window are equal; spans are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DenyClause other && purposes.equals(other.purposes) && window.equals(other.window);
  }

  @Override
  public int hashCode() {
    return purposes.hashCode() * 31 + window.hashCode();
  }

  @Override
  public String toString() {
    return "Deny" + purposes + " " + window;
  }
}
