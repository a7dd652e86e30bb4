package dev.flywheel.policy.grammar;

import static dev.flywheel.policy.grammar.ParseAssertions.PARSER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.terms.ParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Named tests for the hostile strings of RELIABILITY.md items 1-11. */
class HostileInputTest {

  @Test
  void item01_emptyOrWhitespace_isEmptyTermsError() {
    for (String s : List.of("", " ", "\t\r\n  ")) {
      ParseResult result = PARSER.parse(s);
      assertEquals(List.of(DiagnosticCode.EMPTY_TERMS), codes(result));
    }
  }

  @Test
  void item02_oneMebibyte_isRejectedByTheLengthCheckAlone() {
    String huge = "deny train; ".repeat(1 << 17);
    ParseResult result = PARSER.parse(huge);
    assertEquals(List.of(DiagnosticCode.INPUT_TOO_LONG), codes(result));
  }

  @Test
  void item03_thousandsOfClauses_isALimitErrorNotAStackOverflow() throws Exception {
    String many = "deny train;".repeat(300);
    assertEquals(List.of(DiagnosticCode.TOO_MANY_CLAUSES), codes(onSmallStack(many)));
    String longList = "allow " + "eval, ".repeat(800) + "eval";
    ParseResult list = onSmallStack(longList);
    assertEquals(List.of(DiagnosticCode.INPUT_TOO_LONG), codes(list));
  }

  @Test
  void item04_predictionHeavyInputAtTheSizeLimit_completes() {
    // The grammar is LL(1) and each clause is parsed alone, so no input makes prediction look far ahead. A full
    // input of near-miss tokens exercises every clause at the maximum size: it must finish and fail cleanly.
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 4096) {
      sb.append("allow eval, search if attribution and pay collective x 1 EUR per ");
    }
    ParseResult result = PARSER.parse(sb.substring(0, 4096));
    assertFalse(result.isValid());
  }

  @Test
  void item05_typoInsideValidPolicy_rejectsAllWithPosition() {
    ParseResult result = PARSER.parse("deny tarin until 2027-01-01; allow eval");
    assertFalse(result.isValid());
    Diagnostic d = result.errors().get(0);
    assertEquals(DiagnosticCode.UNKNOWN_WORD, d.code());
    assertEquals(6, d.span().column());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\u0435val-only|1|U+0435", "\uff45val-only|1|U+FF45", "eval\u2010only|5|U+2010", "tr\u0430in-only|3|U+0430"})
  void item06_confusables_nameTheCharacterAndItsPosition(String terms, int column, String number) {
    Diagnostic d = ParseAssertions.firstError(terms);
    assertEquals(DiagnosticCode.CONFUSABLE_CHARACTER, d.code());
    assertEquals(column, d.span().column());
    assertTrue(d.message().contains(number), d.message());
  }

  @Test
  void item06_confusableInAKeyword_suggestsTheKeyword() {
    assertEquals("did you mean 'eval-only'?", ParseAssertions.firstError("\u0435val-only").help());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ev\u200Bal-only|3|invisible-character", "eval-only\u200D|10|invisible-character",
      "\u2060deny train|1|invisible-character", "\uFEFFeval-only|1|invisible-character",
      "deny train\u202E|11|bidi-control", "allow eval\u2066|11|bidi-control", "deny\u200E train|5|bidi-control",
      "deny train\u061C|11|bidi-control", "deny\u0000train|5|control-character",
      "deny train\u0085|11|control-character", "deny \uD800train|6|invalid-unicode",
      "deny train\uDC00|11|invalid-unicode", "deny train\uFFFF|11|invalid-unicode",
      "pay collective \"a\u200Bb\"|18|invisible-character", "pay collective \"a\u202Eb\"|18|bidi-control",
      "pay collective \"a\u0007b\"|18|control-character", "deny\u00A0train|5|non-ascii-character"})
  void item07_invisibleAndControlCharacters_areErrorsEvenInQuotedNames(String terms, int column, String code) {
    ParseResult result = PARSER.parse(terms);
    assertFalse(result.isValid());
    assertTrue(result.diagnostics().stream().anyMatch(d -> d.code().id().equals(code) && d.span().column() == column),
        () -> ParseAssertions.render(terms, result));
  }

  @Test
  void item08_caseAndNormalForms_followTheDocumentedRule() {
    ParseAssertions.assertOnlyError("EVAL-ONLY", DiagnosticCode.UPPERCASE_KEYWORD, 1, 1);
    ParseAssertions.assertOnlyError("pay collective \"e\u0301cole\"", DiagnosticCode.INVALID_NAME, 1, 16);
    ParseAssertions.parseValid("pay collective \"\u00c9cole\"");
  }

  @Test
  void item09_unknownWordsAndPurposes_neverGrantAnything() {
    for (String s : List.of("allow train-genai2", "allow everything", "train-genai2-only", "allow ai-train")) {
      ParseResult result = PARSER.parse(s);
      assertFalse(result.isValid(), s);
      assertEquals(DiagnosticCode.UNKNOWN_WORD, result.errors().get(0).code(), s);
    }
  }

  @Test
  void item10_badDates_areErrorsAtTheDateColumn() {
    ParseAssertions.assertOnlyError("deny train until 2027-02-30", DiagnosticCode.INVALID_DATE, 1, 18);
    ParseAssertions.assertOnlyError("deny train until 2027-13-01", DiagnosticCode.INVALID_DATE, 1, 18);
    ParseAssertions.assertOnlyError("deny train until 2027-1-1", DiagnosticCode.INVALID_DATE, 1, 18);
    ParseAssertions.assertOnlyError("deny train until 99999-01-01", DiagnosticCode.INVALID_DATE, 1, 18);
  }

  @Test
  void item11_badAmounts_areErrors() {
    for (String s : List.of("pay collective x 1e400 EUR per item", "pay collective x -0.5 EUR per item",
        "pay collective x NaN EUR per item", "pay collective x Infinity EUR per item",
        "pay collective x 99999999999999999999 EUR per item")) {
      assertEquals(DiagnosticCode.INVALID_AMOUNT, ParseAssertions.firstError(s).code(), s);
    }
  }

  @Test
  void everyHostileInput_givesDiagnosticsSortedAndInsideTheInput() throws Exception {
    for (String s : HostileInputs.ALL) {
      ParseResult result = onSmallStack(s);
      assertFalse(result.diagnostics().isEmpty(), s);
      int length = s.codePointCount(0, s.length());
      int last = -1;
      for (Diagnostic d : result.diagnostics()) {
        if (d.span() != null) {
          assertTrue(d.span().end() <= length, s);
          assertTrue(d.span().offset() >= last, s);
          last = d.span().offset();
        }
      }
    }
  }

  @Test
  void hostileCorpus_onSmallStack_givesTheSameResults() throws Exception {
    for (String s : HostileInputs.ALL) {
      assertEquals(PARSER.parse(s), onSmallStack(s), s);
    }
  }

  private static List<DiagnosticCode> codes(ParseResult result) {
    List<DiagnosticCode> codes = new ArrayList<>();
    result.diagnostics().forEach(d -> codes.add(d.code()));
    return codes;
  }

  /** Parses on a thread with a 128 KiB stack, as a loader thread might have. */
  static ParseResult onSmallStack(String terms) throws InterruptedException {
    AtomicReference<ParseResult> result = new AtomicReference<>();
    Thread thread = new Thread(null, () -> result.set(PARSER.parse(terms)), "small-stack", 128 * 1024);
    thread.start();
    thread.join();
    return result.get();
  }
}
