package dev.flywheel.policy.grammar;

import static dev.flywheel.policy.grammar.ParseAssertions.PARSER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.terms.ParseResult;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The name rules, and that quoted names in terms follow exactly them. */
class NameRulesTest {

  /** The code {@link NameRules} gives {@code name}, or {@code null} when it is valid. */
  private static DiagnosticCode code(String name) {
    List<Diagnostic> problems = NameRules.check(name);
    assertTrue(problems.size() <= 1, problems::toString);
    return problems.isEmpty() ? null : problems.get(0).code();
  }

  /** Parses {@code pay collective "name"} and returns the only diagnostic, which must be at the name. */
  private static Diagnostic inTerms(String name) {
    String terms = "pay collective \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    ParseResult result = PARSER.parse(terms);
    assertEquals(1, result.diagnostics().size(), () -> ParseAssertions.render(terms, result));
    return result.diagnostics().get(0);
  }

  @Test
  void review10_fullwidthCollectiveName_rejected() {
    assertEquals(DiagnosticCode.CONFUSABLE_CHARACTER, code("\uFF4Dasakhane"));
    Diagnostic d = inTerms("\uFF4Dasakhane");
    assertEquals(DiagnosticCode.CONFUSABLE_CHARACTER, d.code());
    assertEquals(16, d.span().column());
    assertTrue(d.message().contains("U+FF4D FULLWIDTH LATIN SMALL LETTER M"), d.message());
    assertEquals("write the ordinary character: 'masakhane'", d.help());
  }

  @Test
  void review10_mathematicalCollectiveName_rejected() {
    assertEquals(DiagnosticCode.CONFUSABLE_CHARACTER, code("\uD835\uDDC6asakhane"));
    assertEquals(DiagnosticCode.CONFUSABLE_CHARACTER, inTerms("\uD835\uDDC6asakhane").code());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "masakhan\u0585", // Armenian oh: Latin with Armenian is moderately restrictive, but the skeleton is ASCII
      "m\u0430sakhane", // Cyrillic a inside a Latin word
      "\u03BFpen", // Greek omicron
      "\u0441\u043E\u0441", // a word wholly of Cyrillic letters that read as the ASCII "coc"
      "\u0251pple", // Latin alpha: outside the identifier profile
      "\u00C6gir", // looks like "AEgir"
      "Te Hiku M\u0435dia", // one word of a multi-word name
      "a1\u0661", // ASCII and Arabic-Indic digits
  })
  void review10_lookalikeCollectiveName_rejected(String name) {
    assertEquals(DiagnosticCode.INVALID_NAME, code(name), name);
    Diagnostic d = inTerms(name);
    assertEquals(DiagnosticCode.INVALID_NAME, d.code(), name);
    assertEquals(16, d.span().column());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\u00A0masakhane|invalid-name", "masakhane\u00A0|invalid-name", "masakhane\u2007|invalid-name",
      "\u202Fmasakhane|invalid-name", "Te\u202FHiku|invalid-name", "Te\u3000Hiku|invalid-name",
      "Te  Hiku|invalid-name", "' masakhane'|invalid-name", "'masakhane '|invalid-name",
      "Te\tHiku|control-character", "'Te\nHiku'|control-character"})
  void review10_spacesOtherThanSingleU0020_rejected(String name, String expected) {
    assertEquals(expected, code(name).id(), name);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ma\u200Bsakhane|invisible-character", "ma\u200Dsakhane|invisible-character",
      "masakhane\u202E|bidi-control", "ma\u2066sakhane|bidi-control", "ma\u0007sakhane|control-character",
      "ma\uD800sakhane|invalid-unicode", "e\u0301cole|invalid-name", "''|invalid-name"})
  void review10_hiddenOrBrokenCharacters_rejectedWithTheirCode(String name, String expected) {
    assertEquals(expected, code(name).id(), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "masakhane", "Te Hiku Media", "O'Brien & Sons (ZA)",
      "\u1EB8gb\u1EB9\u0301 On\u00EDm\u1ECD\u0300 Yor\u00F9b\u00E1", // Yoruba with tone marks: Ẹgbẹ́ Onímọ̀ Yorùbá
      "Te Reo M\u0101ori", "Wh\u0101nau", // Maori macrons
      "\u0939\u093F\u0928\u094D\u0926\u0940 \u0938\u092E\u0942\u0939", // Devanagari: हिन्दी समूह
      "Lanfrica \u0939\u093F\u0928\u094D\u0926\u0940", // Latin with one other script
      "\u041C\u043E\u0441\u043A\u0432\u0430", // Москва: Cyrillic that does not read as ASCII
      "\u07D2\u07DE\u07CF", // N'Ko
      "\uD83A\uDD00\uD83A\uDD23\uD83A\uDD24\uD83A\uDD22\uD83A\uDD25", // Adlam
      "\u2D5C\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56\u2D5C", // Tifinagh
      "\u65E5\u672C\u8A9E \u3072\u3089\u304C\u306A", // Japanese: Han with Hiragana
      "\uD55C\uAD6D\uC5B4", // Korean
      "Ng\u0169g\u0129 wa Thiong'o",
      "\u00C9cole"})
  void review10_legitimateNames_valid(String name) {
    assertNull(code(name), () -> name + ": " + NameRules.check(name));
    String terms = "pay collective \"" + name.replace("\"", "\\\"") + "\"";
    ParseAssertions.parseValid(terms);
  }

  @Test
  void check_lengthLimit_countedInCodePointsBeforeAnythingElse() {
    assertNull(code("a".repeat(128)));
    assertEquals(DiagnosticCode.NAME_TOO_LONG, code("a".repeat(129)));
    String adlam = "\uD83A\uDD00\uD83A\uDD23";
    assertNull(code(adlam.repeat(64))); // 128 code points, 256 chars
    assertEquals(DiagnosticCode.NAME_TOO_LONG, code(adlam.repeat(64) + "\uD83A\uDD00"));
    // A long name with a bad character is too long first: ICU never sees more than the limit.
    assertEquals(DiagnosticCode.NAME_TOO_LONG, code("\u202E".repeat(100_000)));
    assertEquals(List.of(), NameRules.check("a".repeat(200), 200));
  }

  @Test
  void check_messageQuotesABoundedPrintableExcerpt() {
    Diagnostic d = NameRules.check("\u202E" + "x".repeat(100)).get(0);
    assertTrue(d.message().startsWith("collective name '?" + "x".repeat(31) + "…' holds the character"),
        d.message());
    assertNull(d.span());
    assertNull(d.pointer());
  }

  @Property(tries = 2000)
  void check_anyString_neverThrowsAndGivesAtMostOneError(@ForAll String name) {
    List<Diagnostic> problems = NameRules.check(name);
    assertTrue(problems.size() <= 1);
    problems.forEach(d -> assertTrue(d.isError()));
  }

  @Property(tries = 2000)
  void quotedNameInTerms_validExactlyWhenNameRulesAccept(@ForAll String name) {
    if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0 || name.length() > 200) {
      return; // a line break ends a quoted name in terms: a different error, not a name rule
    }
    String terms = "pay collective \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    boolean valid = PARSER.parse(terms).isValid();
    assertEquals(NameRules.check(name).isEmpty(), valid, terms);
  }
}
