package dev.flywheel.policy.engine.compact;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.engine.semantics.ClauseKind;
import dev.flywheel.policy.engine.semantics.StatementView;
import java.util.Arrays;
import java.util.List;

/**
 * The packed clauses of a {@link CompactTerms} in one time segment, as the rules read them: the table's cells are
 * filled by {@link dev.flywheel.policy.engine.semantics.StatementRules} over this view, so the rules are written
 * once. Allocated when a cell is filled or a layer is decided, never on a cached decision.
 */
final class PackedView implements StatementView {
  private static final ClauseKind[] KINDS = {ClauseKind.ALLOW, ClauseKind.DENY, ClauseKind.ONLY, ClauseKind.DUTY};

  private final CompactTerms terms;
  private final int segment;

  PackedView(CompactTerms terms, int segment) {
    this.terms = terms;
    this.segment = segment;
  }

  @Override
  public int clauseCount() {
    return terms.clauseCount();
  }

  @Override
  public ClauseKind kind(int clause) {
    return KINDS[PackedClause.kind(terms.head(clause))];
  }

  @Override
  public boolean active(int clause) {
    return PackedClause.activeIn(terms.head(clause), segment);
  }

  @Override
  public boolean names(int clause, Purpose purpose) {
    return PackedClause.names(terms.head(clause), purpose);
  }

  @Override
  public int requiredFacts(int clause) {
    return PackedClause.requiredFacts(terms.head(clause));
  }

  @Override
  public List<Duty> duties(int clause) {
    Duty[] duties = terms.duties(clause);
    return duties == null ? List.of() : Arrays.asList(duties);
  }

  @Override
  public Reason reason(int clause, Layer layer, String what) {
    return terms.reason(layer, clause, what);
  }
}
