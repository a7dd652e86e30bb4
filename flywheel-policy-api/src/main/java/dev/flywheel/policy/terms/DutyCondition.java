package dev.flywheel.policy.terms;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Span;

/**
 * A duty the consumer must perform for the clause to allow ({@code attribution}, {@code pay collective NAME}, ...).
 *
 * @param duty the duty
 * @param span the condition in the source, or {@code null}
 */
public record DutyCondition(Duty duty, Span span) implements Condition {

  /**
   * Creates the record.
   *
   * @param duty the duty
   * @param span the condition in the source, or {@code null}
   */
  public DutyCondition {
    Policy.nonNull(duty, "duty");
  }

  /** Equal when the duties are equal; spans are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DutyCondition other && duty.equals(other.duty);
  }

  @Override
  public int hashCode() {
    return duty.hashCode();
  }

  @Override
  public String toString() {
    return duty.toString();
  }
}
