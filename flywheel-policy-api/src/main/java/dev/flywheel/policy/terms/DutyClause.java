package dev.flywheel.policy.terms;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Span;

/**
 * A duty standing alone ({@code attribution}, {@code pay collective NAME}, {@code limit N per PERIOD}): it is added to
 * every allow of its statement, and allows, subject to itself, every purpose nothing else in the statement covers.
 *
 * @param duty the duty
 * @param window when the clause is active
 * @param span the clause in the source, or {@code null}
 */
public record DutyClause(Duty duty, TimeWindow window, Span span) implements Clause {

  /**
   * Creates the record.
   *
   * @param duty the duty
   * @param window when the clause is active
   * @param span the clause in the source, or {@code null}
   */
  public DutyClause {
    Policy.nonNull(duty, "duty");
    Policy.nonNull(window, "window");
  }

  /** Equal when duty and window are equal; spans are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DutyClause other && duty.equals(other.duty) && window.equals(other.window);
  }

  @Override
  public int hashCode() {
    return duty.hashCode() * 31 + window.hashCode();
  }

  @Override
  public String toString() {
    return "Duty[" + duty + "] " + window;
  }
}
