package dev.flywheel.policy.terms;

import dev.flywheel.policy.Span;

/** One clause of a {@link Policy}; clauses are separated by {@code ;} in the text. */
public sealed interface Clause permits AllowClause, DenyClause, OnlyClause, DutyClause {

  /**
   * When the clause is active; {@link TimeWindow#ALWAYS} when it has no {@code from}/{@code until}.
   *
   * @return the window; never {@code null}
   */
  TimeWindow window();

  /** {@return where the clause stands in the source, or {@code null} for a tree built by hand} */
  Span span();
}
