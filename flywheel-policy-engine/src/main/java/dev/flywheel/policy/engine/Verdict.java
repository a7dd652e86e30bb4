package dev.flywheel.policy.engine;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Reason;
import java.util.List;

/**
 * What one statement (one layer) says about one request, before layers, the default and the licence are combined.
 *
 * @param kind silent (nothing in the statement covers the purpose), deny or allow
 * @param reasons the deciding clauses, sorted
 * @param duties for an allow, the duties it is subject to (sorted, no repeats); empty otherwise
 * @param wouldAllowWith for a deny caused only by failed facts, the bit mask (fact ordinals) of the facts that would
 *     have allowed it; 0 otherwise
 */
record Verdict(Kind kind, List<Reason> reasons, List<Duty> duties, int wouldAllowWith) {

  enum Kind {
    SILENT,
    DENY,
    ALLOW
  }

  static final Verdict SILENT = new Verdict(Kind.SILENT, List.of(), List.of(), 0);
}
