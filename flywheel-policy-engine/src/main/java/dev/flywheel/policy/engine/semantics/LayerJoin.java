package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Request;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The join of the layers of an item (LANGUAGE.md section 10.2, steps 1 to 4): each applying layer is decided on its
 * own by {@link StatementRules} (or found invalid), added here, and {@link #decision} combines them. Not thread-safe:
 * one join per decision.
 */
public final class LayerJoin {
  private final List<Diagnostic> errors = new ArrayList<>();
  private final List<Reason> errorReasons = new ArrayList<>();
  private final List<Reason> denyReasons = new ArrayList<>();
  private final List<Reason> allowReasons = new ArrayList<>();
  private final List<Duty> duties = new ArrayList<>();
  private boolean anyDeny;
  private boolean everyDenyFromFacts = true;
  private int wouldAllowWith;
  private boolean anyAllow;

  /** An empty join: with no layer added, the decision is the engine's default. */
  public LayerJoin() {}

  /**
   * Adds an applying layer whose terms cannot be used (rule 7).
   *
   * @param layer the layer
   * @param diagnostics its terms' diagnostics
   */
  public void addInvalid(Layer layer, List<Diagnostic> diagnostics) {
    errors.addAll(diagnostics);
    errorReasons.addAll(Reasons.forErrors(layer, diagnostics));
  }

  /**
   * Adds what an applying, valid layer says about the request.
   *
   * @param verdict the layer's verdict, from {@link StatementRules#verdict}
   */
  public void add(Verdict verdict) {
    switch (verdict.kind()) {
      case DENY -> {
        anyDeny = true;
        denyReasons.addAll(verdict.reasons());
        everyDenyFromFacts &= verdict.wouldAllowWith() != 0;
        wouldAllowWith |= verdict.wouldAllowWith();
      }
      case ALLOW -> {
        anyAllow = true;
        allowReasons.addAll(verdict.reasons());
        duties.addAll(verdict.duties());
      }
      default -> { } // a silent layer does not take part
    }
  }

  /**
   * The joined decision of the statements (before the licence floor, rule 10).
   *
   * @param request the request (its honoured types settle whether an obligation counts as allowed)
   * @param defaultDecision the engine's default, for when every layer is silent
   * @return the decision
   */
  public Decision decision(Request request, Decision defaultDecision) {
    // Step 1: any applying layer that is invalid denies with basis error.
    if (!errors.isEmpty()) {
      List<Diagnostic> sorted = new ArrayList<>(new LinkedHashSet<>(errors)); // the same terms in two layers
      sorted.sort(Diagnostic.BY_POSITION);
      return new Decision.Deny(Decision.Basis.ERROR, Reasons.sorted(errorReasons), sorted, List.of());
    }
    // Step 2: else any denying layer denies; the missing facts only when every deny is for missing facts.
    if (anyDeny) {
      return new Decision.Deny(Decision.Basis.EXPLICIT, Reasons.sorted(denyReasons), List.of(),
          everyDenyFromFacts ? FactMasks.factsOf(wouldAllowWith) : List.of());
    }
    // Step 3: else the allowing layers' obligations are joined.
    if (anyAllow) {
      return allowing(Decision.Basis.EXPLICIT, Reasons.sorted(allowReasons), Duties.union(duties), request);
    }
    // Step 4: every layer silent: the engine's default (rule 6).
    return defaultDecision;
  }

  /**
   * An allow, or an obligation when there are duties (allowed only when the request honours every duty's type).
   *
   * @param basis the basis
   * @param reasons the sorted reasons
   * @param duties the sorted duties
   * @param request the request
   * @return the decision
   */
  public static Decision allowing(Decision.Basis basis, List<Reason> reasons, List<Duty> duties, Request request) {
    if (duties.isEmpty()) {
      return new Decision.Allow(basis, reasons);
    }
    int required = Duties.typeMask(duties);
    boolean honoured = (Duties.honouredMask(request) & required) == required;
    return new Decision.Obligation(duties, basis, reasons, honoured);
  }
}
