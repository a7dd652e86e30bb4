package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Reason;
import java.util.List;

/**
 * What one statement (one layer) says about one request, before layers, the default and the licence are combined
 * (rules 1 to 5 of LANGUAGE.md section 10, read by {@link StatementRules}).
 *
 * @param kind silent (nothing in the statement covers the purpose), deny or allow
 * @param reasons the deciding clauses, sorted
 * @param duties for an allow, the duties it is subject to (sorted, no repeats); empty otherwise
 * @param wouldAllowWith for a deny caused only by failed facts, the bit mask (fact ordinals) of the facts that would
 *     have allowed it; 0 otherwise
 */
public record Verdict(Kind kind, List<Reason> reasons, List<Duty> duties, int wouldAllowWith) {

  /** The three things a statement can say about a purpose. */
  public enum Kind {
    /** Nothing in the statement covers the purpose (the layer is silent; the default or other layers decide). */
    SILENT,
    /** The statement denies the purpose. */
    DENY,
    /** The statement allows the purpose, subject to {@link Verdict#duties()}. */
    ALLOW
  }

  /** The verdict of a statement that does not cover the purpose. */
  public static final Verdict SILENT = new Verdict(Kind.SILENT, List.of(), List.of(), 0);
}
