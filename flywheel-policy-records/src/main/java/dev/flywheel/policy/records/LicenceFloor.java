package dev.flywheel.policy.records;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.IrrevocableLicence;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the places where a record's irrevocable licence overrides its terms (semantics rule 10 of
 * {@code docs/LANGUAGE.md}): from the release on, every use the licence grants stays allowed whatever the statements
 * say, so a clause denying such a use has no effect there. The record is still valid; each such clause gets one
 * {@code licence-overrides-terms} warning, so the contributor learns that the deny will not be honoured.
 */
final class LicenceFloor {

  private LicenceFloor() {}

  /**
   * A clause of some terms that an irrevocable licence overrides, as its warning needs it: the end of the clause's
   * window ({@code null} when open), its span, its text and what it would deny. The same for every such licence, and
   * no larger than the terms: the validator keeps these with each terms text it has parsed.
   */
  record Overridden(Instant until, Span span, String text, String denied) {}

  /**
   * The clauses of {@code policy} that deny a use an irrevocable licence keeps allowed, in clause order, whenever
   * they are active; {@link #overrides(IrrevocableLicence, List, Instant, String)} picks those active from a record's
   * floor start on and words their warnings.
   */
  static List<Overridden> candidates(Policy policy) {
    List<Overridden> out = List.of(); // most terms have no such clause: no list made for them
    List<Clause> clauses = policy.clauses();
    for (int i = 0; i < clauses.size(); i++) {
      Clause clause = clauses.get(i);
      String denied = deniedUse(clause);
      if (denied != null) {
        if (out.isEmpty()) {
          out = new ArrayList<>();
        }
        out.add(new Overridden(clause.window().until(), clause.span(), TermsPrinter.print(clause), denied));
      }
    }
    return out.isEmpty() ? out : List.copyOf(out);
  }

  /**
   * One warning at {@code pointer} per clause of {@code candidates} (those of one terms text) that denies a use
   * {@code floor} (the record's licence) keeps allowed from {@code floorStart} on: a clause whose {@code until} is at
   * or before {@code floorStart} is never active under the floor and is not reported.
   */
  static List<Diagnostic> overrides(IrrevocableLicence floor, List<Overridden> candidates, Instant floorStart,
      String pointer) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    String scope = floor.noncommercialOnly() ? " for noncommercial use" : "";
    DiagnosticCode code = DiagnosticCode.LICENCE_OVERRIDES_TERMS;
    List<Diagnostic> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      Overridden clause = candidates.get(i);
      Instant until = clause.until();
      if (until != null && floorStart != null && !until.isAfter(floorStart)) {
        continue;
      }
      out.add(new Diagnostic(code, code.severity(),
          "licence " + floor.spdxId() + " keeps every use allowed" + scope + " from its release on, so '"
              + clause.text() + "' does not stop " + clause.denied(),
          "the licence is irrevocable: to restrict " + clause.denied() + ", release under a licence without a floor",
          clause.span(), pointer));
    }
    return out;
  }

  /** What the clause would deny that an irrevocable licence allows, or {@code null} if nothing. */
  private static String deniedUse(Clause clause) {
    if (clause instanceof DenyClause deny) {
      StringBuilder uses = new StringBuilder();
      for (Purpose p : deny.purposes()) {
        uses.append(uses.length() == 0 ? "" : ", ").append(p.word());
      }
      return uses.toString();
    }
    if (clause instanceof OnlyClause only && only.purpose() != Purpose.ANY) {
      return "uses other than " + only.purpose().word();
    }
    if (clause instanceof AllowClause allow) {
      for (int i = 0; i < allow.conditions().size(); i++) {
        if (allow.conditions().get(i) instanceof FactCondition) {
          return "uses without the conditions of '" + TermsPrinter.print(clause) + "'";
        }
      }
    }
    return null;
  }
}
