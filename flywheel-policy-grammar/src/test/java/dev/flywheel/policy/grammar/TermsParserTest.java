package dev.flywheel.policy.grammar;

import static dev.flywheel.policy.grammar.ParseAssertions.PARSER;
import static dev.flywheel.policy.grammar.ParseAssertions.assertError;
import static dev.flywheel.policy.grammar.ParseAssertions.assertOnlyError;
import static dev.flywheel.policy.grammar.ParseAssertions.firstError;
import static dev.flywheel.policy.grammar.ParseAssertions.parseValid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TimeWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TermsParserTest {
  private static final Instant Y2027 = Instant.parse("2027-01-01T00:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {
      "eval-only", "train if attribution", "pay collective masakhane", "pay collective \"Te Hiku Media\"",
      "train if attribution and pay collective masakhane", "deny train until 2027-01-01; allow eval",
      "allow any; deny ai", "no-train", "train if open-weights and attribution", "allow eval, search",
      "allow train from 2027-01-01", "search-only"})
  void parse_issueExamples_areValidWithoutDiagnostics(String terms) {
    assertEquals(List.of(), PARSER.parse(terms).diagnostics());
  }

  @Test
  void parse_evalOnly_isOnlyClause() {
    assertEquals(Policy.of(new OnlyClause(Purpose.EVAL, TimeWindow.ALWAYS, null)), parseValid("eval-only"));
  }

  @Test
  void parse_everyPurposeInEveryForm_givesThatPurpose() {
    for (Purpose p : Purpose.values()) {
      String w = p.word();
      assertEquals(Policy.of(new OnlyClause(p, TimeWindow.ALWAYS, null)), parseValid(w + "-only"));
      assertEquals(Policy.of(new DenyClause(List.of(p), TimeWindow.ALWAYS, null)), parseValid("no-" + w));
      assertEquals(Policy.of(new DenyClause(List.of(p), TimeWindow.ALWAYS, null)), parseValid("deny " + w));
      assertEquals(Policy.of(new AllowClause(List.of(p), List.of(), TimeWindow.ALWAYS, null)),
          parseValid("allow " + w));
      assertEquals(Policy.of(new AllowClause(List.of(p),
              List.of(new DutyCondition(Duty.Attribution.INSTANCE, null)), TimeWindow.ALWAYS, null)),
          parseValid(w + " if attribution"));
    }
  }

  @Test
  void parse_conditionalShorthand_equalsAllowIf() {
    assertEquals(parseValid("allow train if open-weights and attribution"),
        parseValid("train if open-weights and attribution"));
    AllowClause clause = (AllowClause) parseValid("train if open-weights and attribution").clauses().get(0);
    assertEquals(List.of(new FactCondition(Fact.OPEN_WEIGHTS, null),
        new DutyCondition(Duty.Attribution.INSTANCE, null)), clause.conditions());
  }

  @Test
  void parse_noTrain_equalsDenyTrain() {
    assertEquals(parseValid("deny train"), parseValid("no-train"));
  }

  @Test
  void parse_payments_keepNamesAndAmounts() {
    assertEquals(Policy.of(new DutyClause(new Duty.Payment("Te Hiku Media", null), TimeWindow.ALWAYS, null)),
        parseValid("pay collective \"Te Hiku Media\""));
    assertEquals(parseValid("pay collective masakhane"), parseValid("pay collective \"masakhane\""));
    DutyClause priced = (DutyClause) parseValid("pay collective x 0.0020 EUR per item").clauses().get(0);
    assertEquals(new Duty.Payment("x", new Duty.Amount(new BigDecimal("0.002"), "EUR")), priced.duty());
    DutyClause escaped = (DutyClause) parseValid("pay collective \"a \\\"b\\\" \\\\c\"").clauses().get(0);
    assertEquals("a \"b\" \\c", ((Duty.Payment) escaped.duty()).collective());
  }

  @Test
  void parse_quota_givesLimitAndPeriod() {
    for (QuotaPeriod period : QuotaPeriod.values()) {
      DutyClause clause = (DutyClause) parseValid("limit 5000 per " + period.word()).clauses().get(0);
      assertEquals(new Duty.Quota(5000, period, null), clause.duty());
    }
  }

  @Test
  void parse_timeBounds_dateIsMidnightUtcAndOrderIsFree() {
    DenyClause until = (DenyClause) parseValid("deny train until 2027-01-01").clauses().get(0);
    assertEquals(new TimeWindow(null, Y2027), until.window());
    Policy both = parseValid("deny train until 2028-01-01 from 2027-01-01");
    assertEquals(parseValid("deny train from 2027-01-01 until 2028-01-01"), both);
    AllowClause offset = (AllowClause) parseValid("allow train from 2027-01-01T02:00:00+02:00").clauses().get(0);
    assertEquals(Y2027, offset.window().from());
    AllowClause instant = (AllowClause) parseValid("allow train from 2027-01-01T00:00:00.5Z").clauses().get(0);
    assertEquals(Y2027.plusMillis(500), instant.window().from());
  }

  @Test
  void parse_whitespaceIsFreeAndTrailingSeparatorAllowed() {
    assertEquals(parseValid("deny train; allow eval"), parseValid("  deny\ttrain ;\n allow   eval ;  "));
    assertEquals(parseValid("allow eval, search"), parseValid("allow eval ,search"));
  }

  @Test
  void parse_spans_coverClausesInCodePoints() {
    Policy policy = parseValid("pay collective \"\uD83A\uDD00\uD83A\uDD23\"; deny train");
    // Each Adlam letter is one code point (two chars): the second clause starts at code point 21.
    assertEquals(new Span(0, 19, 1, 1), policy.clauses().get(0).span());
    assertEquals(new Span(21, 10, 1, 22), policy.clauses().get(1).span());
    Policy lines = parseValid("eval-only;\r\ndeny train;\rdeny search");
    assertEquals(2, lines.clauses().get(1).span().line());
    assertEquals(3, lines.clauses().get(2).span().line());
    assertEquals(1, lines.clauses().get(2).span().column());
  }

  @Test
  void parse_unknownWords_pointAtTheWordWithAHint() {
    Diagnostic trian = firstError("trian if attribution");
    assertEquals(DiagnosticCode.UNKNOWN_WORD, trian.code());
    assertEquals(new Span(0, 5, 1, 1), trian.span());
    assertEquals("did you mean 'train'?", trian.help());
    Diagnostic tarin = firstError("deny tarin until 2027-01-01");
    assertEquals(DiagnosticCode.UNKNOWN_WORD, tarin.code());
    assertEquals(new Span(5, 5, 1, 6), tarin.span());
    assertEquals("did you mean 'train'?", tarin.help());
    assertOnlyError("train-genai2", DiagnosticCode.UNKNOWN_WORD, 1, 1);
    assertOnlyError("allow eval, serach", DiagnosticCode.UNKNOWN_WORD, 1, 13);
  }

  @Test
  void parse_typoInsideValidPolicy_rejectsTheWholePolicy() {
    ParseResult result = PARSER.parse("deny tarin until 2027-01-01; allow eval");
    assertFalse(result.isValid());
    assertTrue(result.policy().isEmpty());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "EVAL-ONLY|1|1", "Deny train|1|1", "deny TRAIN|1|6", "ALLOW eval|1|1", "allow ANY|1|7",
      "train IF attribution|1|7"})
  void parse_upperCaseKeywords_areErrorsWithHint(String terms, int line, int column) {
    assertOnlyError(terms, DiagnosticCode.UPPERCASE_KEYWORD, line, column);
    assertTrue(firstError(terms).help().startsWith("keywords are lower-case"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "allow|1|6", "pay collective|1|15", "train if|1|9", "deny train until|1|17", "allow eval,|1|12",
      "limit 5 per|1|12", "allow; deny train|1|6"})
  void parse_truncatedClauses_areIncompleteAtTheEnd(String terms, int line, int column) {
    assertOnlyError(terms, DiagnosticCode.INCOMPLETE_CLAUSE, line, column);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "allow eval search|1|12", "until 2027-01-01|1|1", "eval-only eval|1|11",
      "pay collective search|1|16", "allow eval if 5|1|15"})
  void parse_misplacedTokens_areUnexpected(String terms, int line, int column) {
    assertOnlyError(terms, DiagnosticCode.UNEXPECTED_TOKEN, line, column);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      ";allow eval|1|1", "eval-only;;deny train|1|11", ";|1|1", "eval-only; ;|1|12"})
  void parse_emptyClauses_areErrorsAtTheSeparator(String terms, int line, int column) {
    assertOnlyError(terms, DiagnosticCode.EMPTY_CLAUSE, line, column);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "deny train until 2027-02-30|1|18", "deny train until 2027-13-01|1|18", "deny train until 2027-1-1|1|18",
      "deny train until 20270-01-01|1|18", "deny train until 1969-12-31|1|18", "deny train from 2027-01-01T25:00Z|1|17",
      "deny train until 2027-01-01T10:00:00|1|18", "deny train until tomorrow|1|18", "deny train until 20270101|1|18",
      "deny train until 2027-01-01t10:00:00z|1|18", "deny train until 2026-02-29|1|18"})
  void parse_badDates_areErrorsAtTheDate(String terms, int line, int column) {
    assertOnlyError(terms, DiagnosticCode.INVALID_DATE, line, column);
  }

  @Test
  void parse_leapDay_isAccepted() {
    parseValid("deny train until 2028-02-29");
  }

  @Test
  void parse_timeBoundProblems_haveTheirOwnCodes() {
    assertOnlyError("deny train until 2027-01-01 until 2028-01-01", DiagnosticCode.DUPLICATE_TIME_BOUND, 1, 29);
    assertOnlyError("deny train from 2027-01-01 from 2028-01-01", DiagnosticCode.DUPLICATE_TIME_BOUND, 1, 28);
    assertOnlyError("deny train from 2027-01-01 until 2027-01-01", DiagnosticCode.EMPTY_TIME_WINDOW, 1, 28);
    assertOnlyError("deny train until 2026-01-01 from 2027-01-01", DiagnosticCode.EMPTY_TIME_WINDOW, 1, 12);
  }

  @Test
  void parse_badAmountsAndLimits_haveTheirOwnCodes() {
    assertOnlyError("pay collective x 1e5 EUR per item", DiagnosticCode.INVALID_AMOUNT, 1, 18);
    assertOnlyError("pay collective x -1 EUR per item", DiagnosticCode.INVALID_AMOUNT, 1, 18);
    assertOnlyError("pay collective x NaN EUR per item", DiagnosticCode.INVALID_AMOUNT, 1, 18);
    assertOnlyError("pay collective x 1234567890123 EUR per item", DiagnosticCode.INVALID_AMOUNT, 1, 18);
    assertOnlyError("pay collective x 0.0000000001 EUR per item", DiagnosticCode.INVALID_AMOUNT, 1, 18);
    parseValid("pay collective x 999999999999.999999999 EUR per item");
    assertOnlyError("pay collective x 1 eur per item", DiagnosticCode.INVALID_CURRENCY, 1, 20);
    assertOnlyError("limit 0 per month", DiagnosticCode.INVALID_LIMIT, 1, 7);
    assertOnlyError("limit 1.5 per month", DiagnosticCode.INVALID_LIMIT, 1, 7);
    assertOnlyError("limit -5 per month", DiagnosticCode.INVALID_LIMIT, 1, 7);
    assertOnlyError("limit 1000000000000 per month", DiagnosticCode.INVALID_LIMIT, 1, 7);
    parseValid("limit 999999999999 per month");
  }

  @Test
  void parse_badNames_haveTheirOwnCodes() {
    assertOnlyError("pay collective Masakhane", DiagnosticCode.INVALID_NAME, 1, 16);
    assertOnlyError("pay collective ma@sakhane", DiagnosticCode.INVALID_NAME, 1, 16);
    assertOnlyError("pay collective \"\"", DiagnosticCode.INVALID_NAME, 1, 16);
    assertOnlyError("pay collective \" x\"", DiagnosticCode.INVALID_NAME, 1, 16);
    assertOnlyError("pay collective \"e\u0301cole\"", DiagnosticCode.INVALID_NAME, 1, 16);
    parseValid("pay collective \"\u00e9cole\"");
    parseValid("pay collective \"\u65e5\u672c\u8a9e\u30b3\u30fc\u30d1\u30b9\"");
    assertOnlyError("pay collective \"a\\nb\"", DiagnosticCode.INVALID_ESCAPE, 1, 18);
    assertOnlyError("pay collective \"Te Hiku", DiagnosticCode.UNTERMINATED_STRING, 1, 16);
  }

  @Test
  void parse_warnings_keepThePolicy() {
    ParseResult duplicate = PARSER.parse("allow eval, eval");
    assertTrue(duplicate.isValid());
    assertEquals(DiagnosticCode.DUPLICATE_ENTRY, duplicate.diagnostics().get(0).code());
    assertEquals(13, duplicate.diagnostics().get(0).span().column());
    assertEquals(parseValid("allow eval"), duplicate.policy().orElseThrow());
    ParseResult conflicting = PARSER.parse("eval-only; train-only");
    assertTrue(conflicting.isValid());
    assertEquals(DiagnosticCode.CONFLICTING_ONLY, conflicting.diagnostics().get(0).code());
    assertEquals(12, conflicting.diagnostics().get(0).span().column());
    assertEquals(List.of(), PARSER.parse("eval-only until 2027-01-01; train-only from 2027-01-01").diagnostics());
  }

  @Test
  void parse_errorsInSeveralClauses_areAllReportedInOrder() {
    ParseResult result = PARSER.parse("deny tarin; allow evl; EVAL-ONLY");
    List<DiagnosticCode> codes = result.diagnostics().stream().map(Diagnostic::code).toList();
    assertEquals(List.of(DiagnosticCode.UNKNOWN_WORD, DiagnosticCode.UNKNOWN_WORD, DiagnosticCode.UPPERCASE_KEYWORD),
        codes);
    List<Integer> columns = result.diagnostics().stream().map(d -> d.span().column()).toList();
    assertEquals(List.of(6, 19, 24), columns);
  }

  @Test
  void parse_everyParserCode_isReachable() {
    EnumSet<DiagnosticCode> seen = EnumSet.noneOf(DiagnosticCode.class);
    for (String s : HostileInputs.ALL) {
      PARSER.parse(s).diagnostics().forEach(d -> seen.add(d.code()));
    }
    EnumSet<DiagnosticCode> parserCodes = EnumSet.range(DiagnosticCode.EMPTY_TERMS, DiagnosticCode.CONFLICTING_ONLY);
    parserCodes.remove(DiagnosticCode.UNEXPECTED_CHARACTER); // unreachable by construction: WORD catches all
    parserCodes.remove(DiagnosticCode.TOO_MANY_CLAUSES); // covered in ParserLimitsTest
    parserCodes.remove(DiagnosticCode.TOO_MANY_DIAGNOSTICS); // covered in ParserLimitsTest
    parserCodes.removeAll(seen);
    assertEquals(EnumSet.noneOf(DiagnosticCode.class), parserCodes);
  }

  @Test
  void parse_nullTerms_isAProgrammingError() {
    org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, () -> PARSER.parse(null));
  }

  @Test
  void keywords_suggestion_ignoresFarWordsAndDigits() {
    assertNull(Keywords.suggest("xyzzy", List.of()));
    assertNull(Keywords.suggest("1e5", List.of("per")));
    assertEquals("attribution", Keywords.suggest("atribution", List.of()));
    assertEquals(1, Keywords.distance("tarin", "train"));
  }
}
