package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import java.util.List;

/**
 * The clauses of one valid statement as the rules read them, seen at one instant: what kind each clause is, whether
 * it is active then (rule 8), which purposes it names, which facts and duties it carries, and the reason that quotes
 * it. Clauses are numbered from 0 in source order.
 *
 * <p>{@link TreeStatement} reads a parsed {@link dev.flywheel.policy.terms.Policy} directly; the compact form of the
 * engine offers the same view over its packed clauses, so that {@link StatementRules} is the one statement of the
 * rules for both. Implementations are used by one thread at a time.
 */
public interface StatementView {

  /**
   * The number of clauses.
   *
   * @return 0 or more
   */
  int clauseCount();

  /**
   * The kind of a clause.
   *
   * @param clause the clause's index
   * @return its kind
   */
  ClauseKind kind(int clause);

  /**
   * Rule 8: whether the clause is active at the instant of this view ({@code from <= t < until}).
   *
   * @param clause the clause's index
   * @return true when active
   */
  boolean active(int clause);

  /**
   * Whether an allow, deny or only clause names {@code purpose} itself (not merely an ancestor of it).
   *
   * @param clause the clause's index
   * @param purpose the purpose
   * @return true when named; false for a standalone duty
   */
  boolean names(int clause, Purpose purpose);

  /**
   * The facts an allow clause requires, as a mask of {@link dev.flywheel.policy.Fact} ordinals.
   *
   * @param clause the clause's index
   * @return the mask; 0 for any other kind
   */
  int requiredFacts(int clause);

  /**
   * The duties of a clause: an allow's duty conditions, or a standalone duty's one duty, without repeats.
   *
   * @param clause the clause's index
   * @return the duties; empty for deny and only clauses
   */
  List<Duty> duties(int clause);

  /**
   * The reason that quotes a clause: its canonical text and span, and a message that starts with the quoted text.
   *
   * @param clause the clause's index
   * @param layer the layer the reason names
   * @param what what the clause does, e.g. {@code "denies train"}
   * @return the reason
   */
  Reason reason(int clause, Layer layer, String what);
}
