package dev.flywheel.policy.register;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Request;
import java.util.List;
import java.util.Objects;

/**
 * What a verified register does to one record at one instant ({@link RegisterSnapshot#apply}).
 *
 * @param terms the item terms to decide: the record's own, with the register's membership (rule 3) and, for each
 *     collective with a key, the register's statements in force in place of the embedded ones (rules 2, 4, 6)
 * @param embeddedIgnored how many statements embedded in the record were ignored because their collective has a key
 * @param withdrawnBy the {@code seq} of the withdrawal in force that covers the record (the lowest, when several do),
 *     or {@code -1} (rule 5)
 * @param inRelease true when the record's digest is in a release in force (rule 7)
 */
public record RegisterMatch(ItemTerms terms, int embeddedIgnored, long withdrawnBy, boolean inRelease) {

  /**
   * What a withdrawn item is decided under: every purpose denied by the item's own layer, so that the engine's one
   * licence-floor rule (rule 10) decides whether an irrevocable licence keeps a use allowed.
   */
  private static final String DENY_EVERY_PURPOSE = "deny any";

  /**
   * Creates the record.
   *
   * @param terms the item terms to decide
   * @param embeddedIgnored statements embedded in the record that were ignored, at least 0
   * @param withdrawnBy the seq of the withdrawal covering the record, or {@code -1}
   * @param inRelease true when the record's digest is in a release in force
   * @throws NullPointerException if {@code terms} is null
   * @throws IllegalArgumentException if a count is out of range
   */
  public RegisterMatch {
    Objects.requireNonNull(terms, "terms");
    if (embeddedIgnored < 0 || withdrawnBy < -1) {
      throw new IllegalArgumentException("counts out of range");
    }
  }

  /** {@return true when a withdrawal in force covers the record} */
  public boolean withdrawn() {
    return withdrawnBy >= 0;
  }

  /**
   * Decides the record under the register, fail closed (an engine failure is a deny with {@code internal-error}).
   *
   * <ol>
   *   <li>with {@code requireRelease} and the record in no release in force: deny for every purpose, basis explicit,
   *       one reason of layer {@link Layer#REGISTER}; no licence floor, since the record's licence and dates are
   *       exactly what an unreleased copy may have changed (rule 7);
   *   <li>withdrawn: the item's own terms are replaced by a deny of every purpose and the engine decides with the
   *       record's licence and dates, so an irrevocable licence granted by then still allows what it grants; a deny is
   *       reported with basis explicit and one reason naming the withdrawal's entry
   *       ({@link Layer#registerEntry(long)}) (rule 5);
   *   <li>otherwise the engine decides {@link #terms()}.
   * </ol>
   *
   * @param engine the deciding engine
   * @param request the request, its time the snapshot's
   * @param requireRelease true to deny records in no release in force
   * @return the ruling: the decision and which register rule, if any, overrode the record's terms
   * @throws NullPointerException if {@code engine} or {@code request} is null
   */
  public RegisterRuling decide(PolicyEngine engine, Request request, boolean requireRelease) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(request, "request");
    try {
      if (requireRelease && !inRelease) {
        return new RegisterRuling(deny(Layer.REGISTER,
            "the record is in no release in force: an edited or unreleased copy; denied"),
            RegisterRuling.Effect.UNRELEASED, this);
      }
      if (withdrawn()) {
        ItemTerms floorOnly = ItemTerms.builder()
            .terms(DENY_EVERY_PURPOSE)
            .contributedAt(terms.contributedAt())
            .licence(terms.licence())
            .releasedAt(terms.releasedAt())
            .build();
        Decision underFloor = engine.decide(floorOnly, request);
        Decision decision = underFloor instanceof Decision.Deny
            ? deny(Layer.registerEntry(withdrawnBy), "withdrawn by register entry " + withdrawnBy + "; denied")
            : underFloor;
        return new RegisterRuling(decision, RegisterRuling.Effect.WITHDRAWN, this);
      }
      return new RegisterRuling(engine.decide(terms, request), RegisterRuling.Effect.NONE, this);
    } catch (RuntimeException e) {
      return new RegisterRuling(new Decision.Deny(Decision.Basis.ERROR,
          List.of(new Reason(Layer.DEFAULT, null, null, "the engine failed; denied")),
          List.of(Diagnostic.of(DiagnosticCode.INTERNAL_ERROR,
              "decision failed: internal error (" + e.getClass().getSimpleName() + ")")),
          List.of()), RegisterRuling.Effect.NONE, this);
    }
  }

  private static Decision deny(Layer layer, String message) {
    return new Decision.Deny(Decision.Basis.EXPLICIT, List.of(new Reason(layer, null, null, message)), List.of(),
        List.of());
  }
}
