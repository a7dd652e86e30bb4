package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TermsParserProperties {
  private static final TermsParser PARSER = TermsParser.withDefaults();

  @Provide
  Arbitrary<Policy> policies() {
    return TermsArbitraries.policies();
  }

  @Provide
  Arbitrary<String> soup() {
    return TermsArbitraries.tokenSoup();
  }

  @Provide
  Arbitrary<String> anyStrings() {
    return Arbitraries.strings().all().ofMaxLength(200);
  }

  @Property(tries = 3000)
  void print_thenParse_givesTheSamePolicy(@ForAll("policies") Policy policy) {
    String printed = TermsPrinter.print(policy);
    ParseResult result = PARSER.parse(printed);
    assertTrue(result.isValid(), () -> printed + "\n" + result.diagnostics());
    assertEquals(policy, result.policy().orElseThrow(), printed);
  }

  @Property(tries = 2000)
  void print_isIdempotent(@ForAll("policies") Policy policy) {
    String once = TermsPrinter.print(policy);
    String twice = TermsPrinter.print(PARSER.parse(once).policy().orElseThrow());
    assertEquals(once, twice);
  }

  @Property(tries = 3000)
  void parse_tokenSoup_neverThrowsAndKeepsItsInvariants(@ForAll("soup") String terms) {
    checkInvariants(terms, PARSER.parse(terms));
  }

  @Property(tries = 3000)
  void parse_arbitraryStrings_neverThrowsAndKeepsItsInvariants(@ForAll("anyStrings") String terms) {
    checkInvariants(terms, PARSER.parse(terms));
  }

  @Property(tries = 2000)
  void format_ofValidSoup_isAFixedPoint(@ForAll("soup") String terms) {
    ParseResult result = PARSER.parse(terms);
    if (result.isValid()) {
      String canonical = TermsPrinter.print(result.policy().orElseThrow());
      ParseResult again = PARSER.parse(canonical);
      assertEquals(result.policy(), again.policy(), canonical);
      assertEquals(canonical, TermsPrinter.print(again.policy().orElseThrow()));
    }
  }

  private static void checkInvariants(String terms, ParseResult result) {
    assertEquals(result.isValid(), result.errors().isEmpty());
    if (!result.isValid()) {
      assertFalse(result.diagnostics().isEmpty());
    }
    int length = terms.codePointCount(0, terms.length());
    int previous = -1;
    for (Diagnostic d : result.diagnostics()) {
      if (d.span() != null) {
        assertTrue(d.span().end() <= length, d::toString);
        assertTrue(d.span().offset() >= previous, "diagnostics are sorted");
        previous = d.span().offset();
      }
      assertFalse(d.message().isBlank());
    }
    assertTrue(result.diagnostics().size() <= PARSER.limits().maxDiagnostics() + 1);
  }
}
