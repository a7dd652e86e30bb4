package dev.flywheel.policy.grammar;

import static dev.flywheel.policy.grammar.ParseAssertions.PARSER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Severity;
import dev.flywheel.policy.Span;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TermsLintsTest {
  private static final Instant MARCH_2027 = Instant.parse("2027-03-01T00:00:00Z");

  private static List<Diagnostic> lints(String terms, Instant at) {
    return TermsLints.check(PARSER, terms, at);
  }

  private static Diagnostic only(String terms, Instant at) {
    List<Diagnostic> found = lints(terms, at);
    assertEquals(1, found.size(), found::toString);
    return found.get(0);
  }

  @Test
  void lint_denyAndAllowOfTheSamePurpose_allowIsDead() {
    Diagnostic d = only("no-train; allow train", null);
    assertEquals(DiagnosticCode.DEAD_CLAUSE, d.code());
    assertEquals(Severity.WARNING, d.severity());
    assertEquals("'allow train' can never decide: 'deny train' denies the same purpose whenever it is active",
        d.message());
    assertEquals("a deny wins over an allow of the same purpose whatever their order: remove one of them, or bound"
        + " the deny in time", d.help());
    assertEquals(new Span(10, 11, 1, 11), d.span());
  }

  @Test
  void lint_allowOutsideAnActiveOnly_isDead() {
    Diagnostic d = only("eval-only; allow train if attribution", null);
    assertEquals(DiagnosticCode.DEAD_CLAUSE, d.code());
    assertEquals("'allow train if attribution' can never decide: 'eval-only' denies every purpose outside eval"
        + " whenever it is active", d.message());
    assertEquals("inside an active 'eval-only' only eval and the purposes under it can be allowed: remove the allow,"
        + " or bound 'eval-only' in time", d.help());
  }

  @Test
  void lint_allowAboveTheOnlyPurpose_isDead() {
    assertEquals(DiagnosticCode.DEAD_CLAUSE, only("eval-only; allow ai", null).code());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "deny train until 2027-01-01; allow train",
      "eval-only until 2027-01-01; allow train",
      "deny ai; allow train",
      "train-only; allow train-genai if open-weights",
      "deny train; allow train, eval",
      "deny train from 2026-01-01; allow train from 2025-01-01",
      "eval-only; attribution"})
  void lint_allowThatCanStillDecide_isNotReported(String terms) {
    assertEquals(List.of(), lints(terms, null));
  }

  @Test
  void lint_untilBeforeAt_isExpired() {
    Diagnostic d = only("deny train until 2027-01-01; allow eval", MARCH_2027);
    assertEquals(DiagnosticCode.EXPIRED_CLAUSE, d.code());
    assertEquals("'deny train until 2027-01-01' ended at 2027-01-01, before 2027-03-01: it decides nothing from"
        + " then on", d.message());
    assertEquals("remove the clause, or check its 'until' date", d.help());
    assertEquals(new Span(0, 27, 1, 1), d.span());
  }

  @Test
  void lint_untilExactlyAt_isExpired_andAfterAt_isNot() {
    assertEquals(DiagnosticCode.EXPIRED_CLAUSE, only("deny train until 2027-03-01", MARCH_2027).code());
    assertEquals(List.of(), lints("deny train until 2027-03-02", MARCH_2027));
    assertEquals(List.of(), lints("deny train until 2027-01-01", null));
  }

  @Test
  void lint_invalidTerms_giveOnlyTheParseErrors() {
    List<Diagnostic> found = lints("no-train; allow tarin", null);
    assertEquals(List.of(DiagnosticCode.UNKNOWN_WORD), found.stream().map(Diagnostic::code).toList());
  }

  @Test
  void lint_warningsOfTheParse_comeFirst() {
    List<Diagnostic> found = lints("allow eval, eval; no-eval; allow eval", null);
    assertEquals(List.of(DiagnosticCode.DUPLICATE_ENTRY, DiagnosticCode.DEAD_CLAUSE, DiagnosticCode.DEAD_CLAUSE),
        found.stream().map(Diagnostic::code).toList());
  }

  @Test
  void parse_denyWithConditions_namesTheRuleAndHelps() {
    Diagnostic d = PARSER.parse("deny train if attribution").diagnostics().get(0);
    assertEquals(DiagnosticCode.DENY_WITH_CONDITIONS, d.code());
    assertEquals("'deny' takes no conditions", d.message());
    assertEquals("conditions belong to allow: write 'allow train if ...' to allow train with them, or 'deny train'"
        + " alone", d.help());
    assertEquals(new Span(11, 2, 1, 12), d.span());
  }

  @Test
  void parse_noPurposeWithConditions_isDenyWithConditions() {
    Diagnostic d = PARSER.parse("no-train if open-weights").diagnostics().get(0);
    assertEquals(DiagnosticCode.DENY_WITH_CONDITIONS, d.code());
    assertEquals("conditions belong to allow: write 'allow train if ...' to allow train with them, or 'deny train'"
        + " alone", d.help());
  }

  @Test
  void parse_twoClausesWithoutSemicolon_asksForTheSemicolon() {
    Diagnostic d = PARSER.parse("deny train until 2027-01-01 allow eval").diagnostics().get(0);
    assertEquals(DiagnosticCode.MISSING_SEMICOLON, d.code());
    assertEquals("missing ';' before 'allow'?", d.message());
    assertEquals("end each clause with ';': '2027-01-01; allow ...'", d.help());
    assertEquals(new Span(28, 5, 1, 29), d.span());
  }

  @ParameterizedTest
  @ValueSource(strings = {"eval-only no-train", "allow eval deny train", "train if attribution eval-only",
      "no-train pay collective masakhane"})
  void parse_clauseStartAfterACompleteClause_isMissingSemicolon(String terms) {
    assertEquals(DiagnosticCode.MISSING_SEMICOLON, PARSER.parse(terms).diagnostics().get(0).code());
  }

  @Test
  void parse_clauseStartWhereTheClauseCannotEnd_isNotMissingSemicolon() {
    Diagnostic d = PARSER.parse("allow deny").diagnostics().get(0);
    assertEquals(DiagnosticCode.UNEXPECTED_TOKEN, d.code());
  }
}
