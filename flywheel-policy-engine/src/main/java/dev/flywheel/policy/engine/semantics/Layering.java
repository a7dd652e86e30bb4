package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.ItemTerms;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Which statements of an item apply at a given time (rule 9 of the semantics). */
public final class Layering {
  private Layering() {}

  /**
   * The statements of {@code item} that apply at {@code at}: the contributor's current statement, each applying
   * collective statement, and the steward's defaults.
   *
   * <p>The contributor's statement is the preference shift with the latest effective time at or before {@code at};
   * several shifts with that same effective time all apply (so their order in the item never matters, and any deny
   * among them wins). With no such shift it is the item's own terms, from {@code contributedAt} on (always when that is
   * unknown).
   *
   * @param item the item
   * @param at the time of use
   * @return the applying statements, contributor first, then collectives in the item's order, then the steward
   */
  public static List<LayerStatement> applicable(ItemTerms item, Instant at) {
    ApplicableLayers found = new ApplicableLayers();
    collect(item, at, found);
    List<LayerStatement> layers = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      layers.add(new LayerStatement(found.layer(i), found.terms(i), found.collective(i)));
    }
    return layers;
  }

  /**
   * The statements {@link #applicable} gives, in the same order, put into {@code out} (emptied first): the one place
   * rule 9 is applied, so that a caller reusing {@code out} sees exactly the layers a decision is made from. Indexed
   * loops, so that nothing is allocated once {@code out} has grown.
   *
   * @param item the item
   * @param at the time of use
   * @param out where the applying statements go
   */
  public static void collect(ItemTerms item, Instant at, ApplicableLayers out) {
    out.clear();
    List<ItemTerms.Statement> shifts = item.preferenceShifts();
    int shiftCount = shifts.size();
    Instant latest = null;
    for (int i = 0; i < shiftCount; i++) {
      Instant effective = shifts.get(i).effective();
      if (!effective.isAfter(at) && (latest == null || effective.isAfter(latest))) {
        latest = effective;
      }
    }
    if (latest != null) {
      for (int i = 0; i < shiftCount; i++) {
        ItemTerms.Statement shift = shifts.get(i);
        if (shift.effective().equals(latest)) {
          out.addContributor(shift.terms());
        }
      }
    } else if (item.terms() != null && (item.contributedAt() == null || !item.contributedAt().isAfter(at))) {
      out.addContributor(item.terms());
    }
    List<ItemTerms.CollectiveStatement> statements = item.collectiveStatements();
    int statementCount = statements.size();
    for (int i = 0; i < statementCount; i++) {
      ItemTerms.CollectiveStatement statement = statements.get(i);
      if (applies(statement, item, at)) {
        out.addCollective(statement.terms(), statement.collective());
      }
    }
    if (item.stewardDefaults() != null) {
      out.addSteward(item.stewardDefaults());
    }
  }

  /**
   * True when a collective's statement applies: the item belongs to the collective, the statement is in effect, the
   * item was contributed within the statement's range (a bound that is set needs a known contribution time), and the
   * item carries one of the statement's tags (when it lists any).
   *
   * @param statement a collective's statement
   * @param item the item
   * @param at the time of use
   * @return whether the statement applies to the item at {@code at}
   */
  public static boolean applies(ItemTerms.CollectiveStatement statement, ItemTerms item, Instant at) {
    if (!item.collectives().contains(statement.collective())) {
      return false;
    }
    if (statement.effective() != null && statement.effective().isAfter(at)) {
      return false;
    }
    Instant contributed = item.contributedAt();
    if (statement.contributedFrom() != null
        && (contributed == null || contributed.isBefore(statement.contributedFrom()))) {
      return false;
    }
    if (statement.contributedUntil() != null
        && (contributed == null || !contributed.isBefore(statement.contributedUntil()))) {
      return false;
    }
    if (statement.tags().isEmpty()) {
      return true;
    }
    for (String tag : statement.tags()) {
      if (item.tags().contains(tag)) {
        return true;
      }
    }
    return false;
  }
}
