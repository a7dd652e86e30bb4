package dev.flywheel.policy.terms;

import dev.flywheel.policy.Span;

/** One condition of an {@link AllowClause}: a fact about the consumer, or a duty the consumer must perform. */
public sealed interface Condition permits FactCondition, DutyCondition {

  /** {@return where the condition stands in the source, or {@code null}} */
  Span span();
}
