package dev.flywheel.policy.grammar;

import static dev.flywheel.policy.grammar.ParseAssertions.PARSER;
import static dev.flywheel.policy.grammar.ParseAssertions.parseValid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.terms.ParseResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommentsTest {

  @Test
  void parse_commentToEndOfLine_isIgnored() {
    assertEquals(parseValid("deny train until 2027-01-01; allow eval"),
        parseValid("# embargo first\ndeny train until 2027-01-01; # until the review\nallow eval # always\n"));
  }

  @Test
  void parse_hashInsideAWord_isPartOfTheWord_soTheTermsAreInvalid() {
    ParseResult result = PARSER.parse("eval-only#no training");
    assertFalse(result.isValid());
    assertEquals(DiagnosticCode.UNKNOWN_WORD, result.diagnostics().get(0).code());
    assertEquals("unknown word 'eval-only#no'", result.diagnostics().get(0).message());
  }

  @Test
  void parse_hashInsideABareName_isAnInvalidName_neverAShorterName() {
    ParseResult result = PARSER.parse("pay collective c# 0.002 EUR per item");
    assertFalse(result.isValid());
    assertEquals(DiagnosticCode.INVALID_NAME, result.diagnostics().get(0).code());
  }

  @Test
  void parse_hashAfterSemicolonCommaOrQuote_startsAComment() {
    assertEquals(parseValid("eval-only"), parseValid("eval-only;# trailing"));
    assertEquals(parseValid("pay collective \"a b\""), parseValid("pay collective \"a b\"# why"));
  }

  @Test
  void parse_hashInsideQuotedName_isPartOfTheName() {
    assertEquals(parseValid("pay collective \"a#b\""), parseValid("pay collective \"a#b\" # paid per item"));
  }

  @Test
  void parse_onlyComments_isEmptyTerms() {
    ParseResult result = PARSER.parse("# nothing yet\n  # still nothing");
    assertFalse(result.isValid());
    Diagnostic d = result.diagnostics().get(0);
    assertEquals(DiagnosticCode.EMPTY_TERMS, d.code());
    assertEquals("the terms have only comments", d.message());
  }

  @Test
  void parse_bidiControlInComment_isAnErrorAtItsPosition() {
    ParseResult result = PARSER.parse("eval-only # a\u202Eb");
    assertFalse(result.isValid());
    Diagnostic d = result.diagnostics().get(0);
    assertEquals(DiagnosticCode.BIDI_CONTROL, d.code());
    assertEquals(14, d.span().column());
    assertEquals("bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE) in a comment", d.message());
  }

  @Test
  void parse_lettersOfAnyScriptInComment_areValid() {
    assertTrue(PARSER.parse("no-train # ìlànà Yorùbá, 中文\teval too").isValid());
  }

  @Test
  void parse_commentEndsAtLineBreak_theNextLineIsTerms() {
    ParseResult result = PARSER.parse("eval-only # why\ntarin");
    assertFalse(result.isValid());
    assertEquals(DiagnosticCode.UNKNOWN_WORD, result.diagnostics().get(0).code());
    assertEquals(2, result.diagnostics().get(0).span().line());
  }

  @Test
  void format_withoutComments_isTheOneLineCanonicalForm() {
    assertEquals("deny train until 2027-01-01; allow eval",
        TermsFormatter.format("no-train   until 2027-01-01 ;\n allow eval").text());
  }

  @Test
  void format_commentsOnOwnLinesAndAtLineEnds_oneClausePerLine() {
    String written = """
        #collective terms of 2026
        no-train until 2027-01-01   #embargo\t
        ;

        # evaluation is always fine
        eval if attribution
        ##   end
        """;
    assertEquals("""
        # collective terms of 2026
        deny train until 2027-01-01; # embargo
        # evaluation is always fine
        allow eval if attribution
        ##   end""", TermsFormatter.format(written).text());
  }

  @Test
  void format_commentInsideAClause_movesToTheLineBeforeIt() {
    assertEquals("""
        # why
        deny train until 2027-01-01""", TermsFormatter.format("deny train # why\n until 2027-01-01").text());
  }

  @Test
  void format_emptyComment_staysAHash() {
    assertEquals("eval-only #", TermsFormatter.format("eval-only #   ").text());
  }

  @Test
  void format_invalidTerms_giveTheErrorsAndNoText() {
    FormattedTerms formatted = TermsFormatter.format("deny tarin # typo");
    assertTrue(formatted.formatted().isEmpty());
    assertEquals(List.of(DiagnosticCode.UNKNOWN_WORD),
        formatted.parse().diagnostics().stream().map(Diagnostic::code).toList());
  }

  @Test
  void format_formattedText_isAFixedPoint() {
    String once = TermsFormatter.format("# a\nno-train #b\n;eval-only # c\n# d").text();
    assertEquals(once, TermsFormatter.format(once).text());
  }
}
