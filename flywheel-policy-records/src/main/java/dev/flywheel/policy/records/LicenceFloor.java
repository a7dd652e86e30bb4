package dev.flywheel.policy.records;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.IrrevocableLicence;
import dev.flywheel.policy.Purpose;
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
   * One warning per clause of {@code policy} that denies a use {@code licence} keeps allowed from {@code floorStart}
   * on. A clause whose {@code until} is at or before {@code floorStart} is never active under the floor and is not
   * reported.
   */
  static List<Diagnostic> overrides(String licence, Instant floorStart, Policy policy, String pointer) {
    IrrevocableLicence floor = IrrevocableLicence.fromSpdxId(licence).orElse(null);
    if (floor == null) {
      return List.of();
    }
    String scope = floor.noncommercialOnly() ? " for noncommercial use" : "";
    List<Diagnostic> out = new ArrayList<>();
    for (Clause clause : policy.clauses()) {
      Instant until = clause.window().until();
      if (until != null && floorStart != null && !until.isAfter(floorStart)) {
        continue;
      }
      String denied = deniedUse(clause);
      if (denied == null) {
        continue;
      }
      String text = TermsPrinter.print(clause);
      DiagnosticCode code = DiagnosticCode.LICENCE_OVERRIDES_TERMS;
      out.add(new Diagnostic(code, code.severity(),
          "licence " + licence + " keeps every use allowed" + scope + " from its release on, so '" + text
              + "' does not stop " + denied,
          "the licence is irrevocable: to restrict " + denied + ", release under a licence without a floor",
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
    if (clause instanceof AllowClause allow
        && allow.conditions().stream().anyMatch(c -> c instanceof FactCondition)) {
      return "uses without the conditions of '" + TermsPrinter.print(clause) + "'";
    }
    return null;
  }
}
