package dev.flywheel.policy.terms;

import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Span;

/**
 * {@code P-only}: allows {@code P} and denies every purpose outside {@code P}, whatever else the statement says.
 *
 * @param purpose the one purpose (with those under it) that stays allowed
 * @param window when the clause is active
 * @param span the clause in the source, or {@code null}
 */
public record OnlyClause(Purpose purpose, TimeWindow window, Span span) implements Clause {

  /**
   * Creates the record.
   *
   * @param purpose the one purpose (with those under it) that stays allowed
   * @param window when the clause is active
   * @param span the clause in the source, or {@code null}
   */
  public OnlyClause {
    Policy.nonNull(purpose, "purpose");
    Policy.nonNull(window, "window");
  }

  /** Equal when purpose and window are equal; spans are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof OnlyClause other && purpose == other.purpose && window.equals(other.window);
  }

  @Override
  public int hashCode() {
    return purpose.hashCode() * 31 + window.hashCode();
  }

  @Override
  public String toString() {
    return "Only[" + purpose + "] " + window;
  }
}
