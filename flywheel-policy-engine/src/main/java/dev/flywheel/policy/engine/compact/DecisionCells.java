package dev.flywheel.policy.engine.compact;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.engine.semantics.Duties;
import dev.flywheel.policy.engine.semantics.FactMasks;
import dev.flywheel.policy.engine.semantics.Verdict;
import java.util.List;

/**
 * The cells of a decision table: a finished {@link Decision}, or for an obligation an {@link ObligationCell} with both
 * variants (honoured or not), so that a decision for cached terms allocates nothing once its cell is filled.
 */
public final class DecisionCells {
  private DecisionCells() {}

  /** Longest total of reason message chars of a cell put in a shared table, so that stale entries stay small. */
  public static final int MAX_SHARED_MESSAGE_CHARS = 512;

  /** Both variants of an obligation decision, and the duty types a request must honour to get the first. */
  record ObligationCell(int requiredTypes, Decision.Obligation honoured, Decision.Obligation unhonoured) {
    Decision pick(int honouredTypes) {
      return (honouredTypes & requiredTypes) == requiredTypes ? honoured : unhonoured;
    }
  }

  /** The cell for a plain statement's verdict: rule 6 (silent: the default) and the decision the verdict makes. */
  static Object cellFor(Verdict v, Decision silentDecision) {
    switch (v.kind()) {
      case SILENT:
        return silentDecision;
      case DENY:
        return new Decision.Deny(
            Decision.Basis.EXPLICIT, v.reasons(), List.of(), FactMasks.factsOf(v.wouldAllowWith()));
      default:
        if (v.duties().isEmpty()) {
          return new Decision.Allow(Decision.Basis.EXPLICIT, v.reasons());
        }
        return new ObligationCell(
            Duties.typeMask(v.duties()),
            new Decision.Obligation(v.duties(), Decision.Basis.EXPLICIT, v.reasons(), true),
            new Decision.Obligation(v.duties(), Decision.Basis.EXPLICIT, v.reasons(), false));
    }
  }

  /** The decision a cell gives a request honouring {@code honoured} (a mask of obligation type ordinals). */
  static Decision pick(Object cell, int honoured) {
    return cell instanceof ObligationCell obligation ? obligation.pick(honoured) : (Decision) cell;
  }

  /**
   * {@code cell}, or an equal cell already in {@code shared} (then {@code cell} is dropped). Otherwise {@code cell}
   * takes its slot (indexed by hash; a previous occupant is only forgotten, never changed), when its reasons are
   * short enough: a slot may keep a cell whose statement has left the cache, and this bounds what that costs.
   * Slots are read and written without locks: cells are immutable, so a racing reader sees a whole cell or null.
   *
   * @param shared a table of cells shared between statements (length a power of two), or {@code null}
   * @param cell a decision or an obligation cell
   * @return the cell to keep
   */
  public static Object share(Object[] shared, Object cell) {
    if (shared == null) {
      return cell;
    }
    int h = cell.hashCode();
    int slot = (h ^ (h >>> 16)) & (shared.length - 1);
    Object existing = shared[slot];
    if (existing != null && existing.equals(cell)) {
      return existing;
    }
    if (messageChars(cell) <= MAX_SHARED_MESSAGE_CHARS) {
      shared[slot] = cell;
    }
    return cell;
  }

  private static int messageChars(Object cell) {
    Decision d = cell instanceof ObligationCell o ? o.honoured() : (Decision) cell;
    int chars = 0;
    for (Reason r : d.reasons()) {
      chars += r.message().length();
    }
    return chars;
  }
}
