package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.IrrevocableLicence;
import dev.flywheel.policy.PolicyEngine;
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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The licence floor's overridden clauses found once per terms text ({@link LicenceFloor#candidates}) and picked and
 * worded per record by its licence and floor start, against the same warnings worked out from scratch for each
 * record (the oracle below): for every irrevocable licence, terms with and without overridden clauses, and floor
 * starts before, at and after each clause's end.
 */
class LicenceFloorTest {
  private static final PolicyEngine ENGINE = PolicyEngine.builder().build();
  private static final List<String> TERMS = List.of(
      "no-train", "eval-only", "eval-only; no-train", "deny ai", "deny train, eval", "any-only",
      "train if open-weights", "train if attribution", "pay collective masakhane", "allow train",
      "deny train until 2027-01-01", "deny train until 2026-01-01; allow eval",
      "deny train until 2027-01-01; deny eval until 2028-06-30T12:00:00Z; allow ai",
      "allow train if attribution and pay collective \"Te Hiku Media\" and limit 40 per month; allow eval");
  private static final String POINTER = "/statements/3/terms";

  @Test
  void overrides_everyLicenceTermsAndFloorStart_asWorkedOutForEachRecord() {
    int warned = 0;
    for (String text : TERMS) {
      Policy policy = ENGINE.prepare(text).policy().orElseThrow(() -> new AssertionError(text));
      List<Instant> starts = new ArrayList<>(Arrays.asList(null, Instant.parse("2020-01-01T00:00:00Z"),
          Instant.parse("2099-01-01T00:00:00Z")));
      for (Clause clause : policy.clauses()) {
        Instant until = clause.window().until();
        if (until != null) {
          starts.addAll(List.of(until.minusNanos(1), until, until.plusNanos(1)));
        }
      }
      List<LicenceFloor.Overridden> candidates = LicenceFloor.candidates(policy);
      for (IrrevocableLicence floor : IrrevocableLicence.values()) {
        for (Instant start : starts) {
          List<Diagnostic> expected = workedOut(floor.spdxId(), start, policy, POINTER);
          assertEquals(expected, LicenceFloor.overrides(floor, candidates, start, POINTER),
              text + ", " + floor + ", " + start);
          warned += expected.size();
        }
      }
    }
    assertTrue(warned > 100, "warnings compared: " + warned);
  }

  /** One validator for records that share terms under every licence and release: each as a new validator finds it. */
  @Test
  void validate_sameTermsUnderEveryLicenceAndRelease_asAFreshValidator() {
    RecordValidator shared = RecordValidator.withDefaults();
    List<String> licences = new ArrayList<>(List.of("MIT", "LicenseRef-proprietary"));
    for (IrrevocableLicence floor : IrrevocableLicence.values()) {
      licences.add(floor.spdxId());
    }
    int warnings = 0;
    for (String text : TERMS) {
      for (String licence : licences) {
        for (String released : List.of("2026-03-01T12:00:00Z", "2027-01-01T00:00:00Z", "2030-01-01T00:00:00Z")) {
          String record = TestRecords.with(r -> {
            r.put("licence", licence);
            r.put("released", released);
            r.put("preference", text);
            r.putArray("statements").addObject().put("by", "contributor").put("effective", "2027-01-01T00:00:00Z")
                .put("terms", text);
          });
          RecordResult fresh = RecordValidator.withDefaults().validate(record);
          assertEquals(fresh, shared.validate(record), text + ", " + licence + ", " + released);
          warnings += (int) fresh.diagnostics().stream()
              .filter(d -> d.code() == DiagnosticCode.LICENCE_OVERRIDES_TERMS).count();
        }
      }
    }
    assertTrue(warnings > 100, "warnings compared: " + warnings);
  }

  /** The warnings of one record's terms worked out from scratch, clause by clause. */
  private static List<Diagnostic> workedOut(String licence, Instant floorStart, Policy policy, String pointer) {
    IrrevocableLicence floor = IrrevocableLicence.fromSpdxId(licence).orElseThrow();
    String scope = floor.noncommercialOnly() ? " for noncommercial use" : "";
    List<Diagnostic> out = new ArrayList<>();
    for (Clause clause : policy.clauses()) {
      Instant until = clause.window().until();
      if (until != null && floorStart != null && !until.isAfter(floorStart)) {
        continue;
      }
      String denied = null;
      if (clause instanceof DenyClause deny) {
        denied = String.join(", ", deny.purposes().stream().map(Purpose::word).toList());
      } else if (clause instanceof OnlyClause only && only.purpose() != Purpose.ANY) {
        denied = "uses other than " + only.purpose().word();
      } else if (clause instanceof AllowClause allow
          && allow.conditions().stream().anyMatch(c -> c instanceof FactCondition)) {
        denied = "uses without the conditions of '" + TermsPrinter.print(clause) + "'";
      }
      if (denied != null) {
        DiagnosticCode code = DiagnosticCode.LICENCE_OVERRIDES_TERMS;
        out.add(new Diagnostic(code, code.severity(), "licence " + licence + " keeps every use allowed" + scope
            + " from its release on, so '" + TermsPrinter.print(clause) + "' does not stop " + denied,
            "the licence is irrevocable: to restrict " + denied + ", release under a licence without a floor",
            clause.span(), pointer));
      }
    }
    return out;
  }
}
