package dev.flywheel.policy.terms;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Span;

/**
 * A fact the request must declare ({@code open-weights}, {@code noncommercial}).
 *
 * @param fact the fact
 * @param span the word in the source, or {@code null}
 */
public record FactCondition(Fact fact, Span span) implements Condition {

  /**
   * Creates the record.
   *
   * @param fact the fact
   * @param span the word in the source, or {@code null}
   */
  public FactCondition {
    Policy.nonNull(fact, "fact");
  }

  /** Equal when the facts are equal; spans are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof FactCondition other && fact == other.fact;
  }

  @Override
  public int hashCode() {
    return fact.hashCode();
  }

  @Override
  public String toString() {
    return fact.word();
  }
}
