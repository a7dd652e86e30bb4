package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.TermsLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Terms read from stdin ({@code -}) are read up to a bound, so an endless pipe cannot exhaust memory. */
class TermsArgumentsTest {

  @Test
  void resolve_endlessStdin_readsBoundAndParserReportsTooLong() throws IOException {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'a';
      }
    };
    TermsArguments.Source source = TermsArguments.resolve(List.of("-"), endless).get(0);
    assertEquals(TermsArguments.MAX_STDIN_BYTES, source.terms().length());
    ParseResult result = TermsParser.withDefaults().parse(source.terms());
    assertEquals(DiagnosticCode.INPUT_TOO_LONG, result.diagnostics().get(0).code());
  }

  @Test
  void resolve_stdinOfFourByteCharactersPastBound_stillTooLong() throws IOException {
    String longest = "\uD83D\uDE00".repeat(TermsLimits.DEFAULTS.maxLength() + 1);
    TermsArguments.Source source = TermsArguments.resolve(List.of("-"),
        new ByteArrayInputStream(longest.getBytes(StandardCharsets.UTF_8))).get(0);
    ParseResult result = TermsParser.withDefaults().parse(source.terms());
    assertEquals(DiagnosticCode.INPUT_TOO_LONG, result.diagnostics().get(0).code());
  }

  @Test
  void resolve_stdinAtTheLengthLimit_readWhole() throws IOException {
    String terms = "eval-only" + " ".repeat(TermsLimits.DEFAULTS.maxLength() - "eval-only".length());
    TermsArguments.Source source = TermsArguments.resolve(List.of("-"),
        new ByteArrayInputStream((terms + "\n").getBytes(StandardCharsets.UTF_8))).get(0);
    assertEquals(terms, source.terms());
    assertTrue(TermsParser.withDefaults().parse(source.terms()).isValid());
  }
}
