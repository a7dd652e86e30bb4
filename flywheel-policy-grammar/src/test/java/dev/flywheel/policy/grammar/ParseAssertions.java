package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;

/** Shared checks for parser tests. */
final class ParseAssertions {
  static final TermsParser PARSER = TermsParser.withDefaults();

  private ParseAssertions() {}

  static Policy parseValid(String terms) {
    ParseResult result = PARSER.parse(terms);
    if (!result.isValid()) {
      fail("expected valid terms: " + terms + "\n" + render(terms, result));
    }
    return result.policy().orElseThrow();
  }

  static Diagnostic firstError(String terms) {
    ParseResult result = PARSER.parse(terms);
    assertFalse(result.isValid(), () -> "expected invalid terms: " + terms);
    return result.errors().get(0);
  }

  static void assertError(String terms, DiagnosticCode code, int line, int column) {
    ParseResult result = PARSER.parse(terms);
    assertFalse(result.isValid(), () -> "expected invalid terms: " + terms);
    boolean found = result.diagnostics().stream().anyMatch(d -> d.code() == code && d.span() != null
        && d.span().line() == line && d.span().column() == column);
    assertTrue(found, () -> "expected " + code + " at " + line + ":" + column + " for " + terms + "\n"
        + render(terms, result));
  }

  static void assertOnlyError(String terms, DiagnosticCode code, int line, int column) {
    ParseResult result = PARSER.parse(terms);
    assertEquals(1, result.diagnostics().size(), () -> render(terms, result));
    assertError(terms, code, line, column);
  }

  static String render(String terms, ParseResult result) {
    StringBuilder sb = new StringBuilder();
    for (Diagnostic d : result.diagnostics()) {
      sb.append(DiagnosticRenderer.render("<input>", terms, d)).append('\n');
    }
    return sb.toString();
  }
}
