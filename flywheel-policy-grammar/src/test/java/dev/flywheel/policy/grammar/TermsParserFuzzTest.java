package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.terms.ParseResult;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the terms parser. In a normal test run it replays the committed corpus under
 * {@code src/test/resources/dev/flywheel/policy/grammar/TermsParserFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it
 * fuzzes (see docs/RELIABILITY.md for the command).
 */
class TermsParserFuzzTest {
  private static final TermsParser PARSER = TermsParser.withDefaults();

  @FuzzTest(maxDuration = "60s")
  void parse_anyBytes_keepsItsContract(byte[] data) {
    String terms = new String(data, StandardCharsets.UTF_8);
    ParseResult result = PARSER.parse(terms);
    assertEquals(result.isValid(), result.errors().isEmpty());
    for (Diagnostic d : result.diagnostics()) {
      assertFalse(d.code() == DiagnosticCode.INTERNAL_ERROR, () -> "internal error for " + terms);
    }
    if (result.isValid()) {
      String canonical = TermsPrinter.print(result.policy().orElseThrow());
      ParseResult again = PARSER.parse(canonical);
      assertTrue(again.isValid(), canonical);
      assertEquals(result.policy(), again.policy());
      assertEquals(canonical, TermsPrinter.print(again.policy().orElseThrow()));
    }
  }
}
