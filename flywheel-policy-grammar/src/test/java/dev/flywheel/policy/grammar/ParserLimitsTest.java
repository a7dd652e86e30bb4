package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Severity;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.TermsLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each limit of {@link TermsLimits}, at the limit and one past it. */
class ParserLimitsTest {
  private static final TermsParser DEFAULTS = TermsParser.withDefaults();

  @Test
  void maxLength_atLimitIsParsed_pastLimitIsRejectedAlone() {
    String atLimit = "eval-only" + " ".repeat(TermsLimits.DEFAULT_MAX_LENGTH - 9);
    assertEquals(4096, atLimit.length());
    assertTrue(DEFAULTS.parse(atLimit).isValid());
    ParseResult past = DEFAULTS.parse(atLimit + " ");
    assertEquals(1, past.diagnostics().size());
    assertEquals(DiagnosticCode.INPUT_TOO_LONG, past.diagnostics().get(0).code());
  }

  @Test
  void maxLength_countsCodePointsNotChars() {
    // 4096 code points, 8192 chars: within the limit.
    String name = "\uD835\uDC00".repeat(100);
    TermsParser parser = TermsParser.create(new TermsLimits(130, 64, 128, 32));
    String terms = "pay collective \"" + name + "\"";
    assertEquals(117, terms.codePointCount(0, terms.length()));
    ParseResult result = parser.parse(terms);
    assertFalse(result.diagnostics().stream().anyMatch(d -> d.code() == DiagnosticCode.INPUT_TOO_LONG));
    ParseResult past = TermsParser.create(new TermsLimits(116, 64, 128, 32)).parse(terms);
    assertEquals(DiagnosticCode.INPUT_TOO_LONG, past.diagnostics().get(0).code());
  }

  @Test
  void maxClauses_atLimitIsParsed_pastLimitIsRejectedAtTheFirstExtraClause() {
    String atLimit = String.join("; ", java.util.Collections.nCopies(64, "deny train"));
    assertEquals(64, DEFAULTS.parse(atLimit).policy().orElseThrow().clauses().size());
    ParseResult past = DEFAULTS.parse(atLimit + "; allow eval");
    assertEquals(1, past.diagnostics().size());
    Diagnostic d = past.diagnostics().get(0);
    assertEquals(DiagnosticCode.TOO_MANY_CLAUSES, d.code());
    assertEquals(64 * 12, d.span().offset());
  }

  @Test
  void maxNameLength_atLimitIsParsed_pastLimitIsAnError() {
    assertTrue(DEFAULTS.parse("pay collective " + "n".repeat(128)).isValid());
    assertTrue(DEFAULTS.parse("pay collective \"" + "N".repeat(128) + "\"").isValid());
    ParseAssertions.assertOnlyError("pay collective " + "n".repeat(129), DiagnosticCode.NAME_TOO_LONG, 1, 16);
    ParseAssertions.assertOnlyError("pay collective \"" + "N".repeat(129) + "\"", DiagnosticCode.NAME_TOO_LONG, 1, 16);
  }

  @Test
  void maxDiagnostics_atLimitAllReported_pastLimitCappedWithOneMore() {
    String atLimit = String.join("; ", java.util.Collections.nCopies(32, "allow evl"));
    ParseResult all = DEFAULTS.parse(atLimit);
    assertEquals(32, all.diagnostics().size());
    assertFalse(all.diagnostics().stream().anyMatch(d -> d.code() == DiagnosticCode.TOO_MANY_DIAGNOSTICS));
    ParseResult capped = DEFAULTS.parse(atLimit + "; allow evl");
    assertEquals(33, capped.diagnostics().size());
    Diagnostic last = capped.diagnostics().get(32);
    assertEquals(DiagnosticCode.TOO_MANY_DIAGNOSTICS, last.code());
    assertEquals(Severity.ERROR, last.severity());
    assertNull(last.span());
  }

  @Test
  void maxDiagnostics_pastLimitWithOnlyWarnings_staysValid() {
    TermsParser parser = TermsParser.create(new TermsLimits(4096, 64, 128, 2));
    ParseResult result = parser.parse("allow eval, eval, eval, eval");
    assertTrue(result.isValid());
    assertEquals(3, result.diagnostics().size());
    assertEquals(Severity.WARNING, result.diagnostics().get(2).severity());
  }

  @Test
  void customLimits_areReportedBack() {
    TermsLimits limits = new TermsLimits(100, 2, 10, 5);
    assertEquals(limits, TermsParser.create(limits).limits());
    ParseResult result = TermsParser.create(limits).parse("deny train; deny eval; deny search");
    assertEquals(List.of(DiagnosticCode.TOO_MANY_CLAUSES),
        result.diagnostics().stream().map(Diagnostic::code).toList());
  }
}
