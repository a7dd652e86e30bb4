package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.IrrevocableLicence;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Rule 10 of LANGUAGE.md section 10.2: the irrevocable licence floor under the statements' decision. */
public final class LicenceFloor {
  private LicenceFloor() {}

  /**
   * The decision once the item's licence is taken into account: the statements' decision when there is no floor;
   * the licence's own grant when they deny (explicitly, by default or with an error); their allow joined with the
   * licence's obligations otherwise.
   *
   * @param item the item (its licence, release and contribution times)
   * @param request the request
   * @param at the time of use
   * @param statements the decision of the item's statements (rules 1 to 9)
   * @return the decision
   */
  public static Decision apply(ItemTerms item, Request request, Instant at, Decision statements) {
    IrrevocableLicence licence = IrrevocableLicence.fromSpdxId(item.licence()).orElse(null);
    if (licence == null) {
      return statements; // ids are matched exactly: an unknown id gives no floor
    }
    Instant released = item.releasedAt() != null ? item.releasedAt() : item.contributedAt();
    if (released == null || released.isAfter(at)) {
      return statements; // not (known to be) released under the licence at that time
    }
    if (licence.noncommercialOnly() && !request.facts().contains(Fact.NONCOMMERCIAL)) {
      return statements; // the licence grants nothing for this use
    }
    Reason reason = new Reason(Layer.licence(licence.spdxId()), null, null,
        "licence " + licence.spdxId() + " irrevocably grants " + request.purpose().word()
            + (licence.noncommercialOnly() ? " for non-commercial use" : "")
            + (licence.duties().isEmpty() ? "" : " with attribution"));
    if (statements instanceof Decision.Deny) {
      return LayerJoin.allowing(Decision.Basis.EXPLICIT, List.of(reason), licence.duties(), request);
    }
    List<Reason> reasons = new ArrayList<>(statements.reasons());
    reasons.add(reason);
    List<Duty> duties = new ArrayList<>(statements.obligations());
    duties.addAll(licence.duties());
    return LayerJoin.allowing(Decision.Basis.EXPLICIT, Reasons.sorted(reasons), Duties.union(duties), request);
  }
}
