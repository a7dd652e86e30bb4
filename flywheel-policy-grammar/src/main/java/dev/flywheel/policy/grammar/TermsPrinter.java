package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Policy;

/** Prints policies in canonical form: {@code parse(print(p))} equals {@code p}, and printing is idempotent. */
public final class TermsPrinter {
  private TermsPrinter() {}

  /** The canonical text of {@code policy}: clauses in order, separated by {@code "; "}. */
  public static String print(Policy policy) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** The canonical text of one clause. */
  public static String print(Clause clause) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** The canonical text of one duty, e.g. {@code pay collective "Te Hiku Media"}. */
  public static String print(Duty duty) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
