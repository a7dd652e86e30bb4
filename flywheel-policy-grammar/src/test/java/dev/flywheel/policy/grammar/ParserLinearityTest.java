package dev.flywheel.policy.grammar;

import static dev.flywheel.policy.grammar.ParseAssertions.PARSER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Severity;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.TermsLimits;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parsing stays linear in the input whatever is wrong with it: problems past the diagnostic cap are counted, not
 * built, and no diagnostic holds a copy of the input or of a whole word. Speed itself is measured by
 * {@code ParserBenchmark}; these tests check the work that decides it (what the diagnostics hold) and memory (a
 * child JVM with a small heap).
 */
class ParserLinearityTest {
  private static final int MAX = TermsLimits.DEFAULT_MAX_LENGTH;

  /** Every kind of input that is wrong all along its length, built at a given length in code points. */
  static Stream<Arguments> badAllAlong() {
    return Stream.of(
        family("Cyrillic word", n -> "а".repeat(n)),
        family("Cyrillic letters without an ASCII look-alike", n -> "ж".repeat(n)),
        family("fullwidth word", n -> "ｅ".repeat(n)),
        family("mathematical word", n -> "\uD835\uDDC6".repeat(n)),
        family("zero-width spaces", n -> "\u200B".repeat(n)),
        family("bidi controls", n -> "\u202E".repeat(n)),
        family("control characters", n -> "\u0001".repeat(n)),
        family("quoted name of invisible characters", n -> "pay collective \"" + "\u200B".repeat(n - 17) + "\""),
        family("unterminated quoted name of bidi controls", n -> "pay collective \"" + "\u202E".repeat(n - 16)),
        family("long quoted name", n -> "pay collective \"" + "ж".repeat(n - 17) + "\""),
        family("long quoted mixed-script name", n -> "pay collective \"m" + "а".repeat(n - 18) + "\""),
        family("long unknown word", n -> "deny " + "x".repeat(n - 5)),
        family("long date", n -> "deny train until 2027-" + "1".repeat(n - 22)),
        family("long amount", n -> "pay collective x " + "1".repeat(n - 30) + " EUR per item"),
        family("long limit", n -> "limit " + "9".repeat(n - 16) + " per month"),
        family("an unknown word in each of 64 clauses", n -> ("x".repeat(n / 64 - 1) + ";").repeat(64)),
        family("many short Cyrillic words", n -> ("dеny ".repeat(n / 5 + 1)).substring(0, n)));
  }

  private static Arguments family(String name, IntFunction<String> build) {
    return Arguments.of(name, build);
  }

  @Test
  void review07_longCyrillicWord_linearAndCapped() {
    ParseResult result = PARSER.parse("а".repeat(MAX));
    assertFalse(result.isValid());
    List<Diagnostic> diagnostics = result.diagnostics();
    assertEquals(TermsLimits.DEFAULT_MAX_DIAGNOSTICS + 1, diagnostics.size());
    for (int i = 0; i < TermsLimits.DEFAULT_MAX_DIAGNOSTICS; i++) {
      // The first 32 by position: one per character, from the first.
      assertEquals(DiagnosticCode.CONFUSABLE_CHARACTER, diagnostics.get(i).code());
      assertEquals(i, diagnostics.get(i).span().offset());
    }
    Diagnostic last = diagnostics.get(TermsLimits.DEFAULT_MAX_DIAGNOSTICS);
    assertEquals(DiagnosticCode.TOO_MANY_DIAGNOSTICS, last.code());
    assertEquals(Severity.ERROR, last.severity());
    assertTrue(last.message().startsWith((MAX - TermsLimits.DEFAULT_MAX_DIAGNOSTICS) + " more problems"),
        last.message());
    // No diagnostic quotes the whole word: what the parse builds does not grow with the word.
    assertTrue(textSize(result) < 8 * 1024, "diagnostics hold " + textSize(result) + " chars");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAllAlong")
  void review07_inputBadAllAlong_diagnosticsDoNotGrowWithItsLength(String family, IntFunction<String> build) {
    ParseResult small = PARSER.parse(build.apply(MAX / 8));
    ParseResult large = PARSER.parse(build.apply(MAX));
    assertFalse(small.isValid(), family);
    assertFalse(large.isValid(), family);
    assertTrue(large.diagnostics().size() <= TermsLimits.DEFAULT_MAX_DIAGNOSTICS + 1, family);
    // Eight times the input, the same diagnostics but for longer excerpts (each at most 32 code points) and a few
    // digits of a count: nothing copies the input.
    int excerptGrowth = (TermsLimits.DEFAULT_MAX_DIAGNOSTICS + 1) * (NameRules.EXCERPT_LENGTH + 1);
    assertTrue(textSize(large) <= textSize(small) + excerptGrowth,
        () -> family + ": " + textSize(small) + " chars of diagnostics at " + MAX / 8 + ", " + textSize(large)
            + " at " + MAX);
  }

  @Test
  void review07_diagnosticCap_keepsTheFirstByPositionWhateverTheOrderFound() {
    // Empty clauses are found before any character problem, across the whole input; the cap must still keep the
    // first 32 by position, as sorting all of them would.
    String terms = "а".repeat(40) + ";;" + "а".repeat(40) + ";;";
    List<Diagnostic> diagnostics = PARSER.parse(terms).diagnostics();
    assertEquals(33, diagnostics.size());
    for (int i = 0; i < 32; i++) {
      assertEquals(i, diagnostics.get(i).span().offset());
    }
    assertTrue(diagnostics.get(32).message().startsWith("50 more problems"), diagnostics.get(32).message());
  }

  @Test
  void review07_onlyWarningsPastTheCap_tooManyIsAWarning() {
    // 40 duplicate purposes: warnings only, so the terms stay valid and the count is a warning too.
    String terms = "allow eval" + ", eval".repeat(40);
    ParseResult result = PARSER.parse(terms);
    assertTrue(result.isValid());
    Diagnostic last = result.diagnostics().get(result.diagnostics().size() - 1);
    assertEquals(DiagnosticCode.TOO_MANY_DIAGNOSTICS, last.code());
    assertEquals(Severity.WARNING, last.severity());
    assertTrue(last.message().startsWith("8 more problems"), last.message());
  }

  @Test
  void review07_longWordMessage_quotesABoundedExcerpt() {
    Diagnostic first = PARSER.parse("deny " + "x".repeat(4000)).diagnostics().get(0);
    assertEquals(DiagnosticCode.UNKNOWN_WORD, first.code());
    assertEquals("unknown word '" + "x".repeat(NameRules.EXCERPT_LENGTH) + "…'", first.message());
    assertEquals(4000, first.span().length()); // the span still covers the whole word
  }

  @Test
  void review07_hundredsOfLongBadStrings_parseInA32MiBHeap() throws Exception {
    // A child JVM with a 32 MiB heap parses 300 distinct statements at the length limit, each bad in every
    // character, and keeps every result (as a cache would): diagnostics that copied the input per character held
    // about 260 KB each, 78 MB in all.
    String java = ProcessHandle.current().info().command().orElse("java");
    File log = File.createTempFile("long-bad-strings", ".log");
    Process process = new ProcessBuilder(java, "-Xmx32m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), LongBadStringsMain.class.getName(), "300")
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish");
    assertEquals(0, process.exitValue(), () -> "the child JVM failed: " + readLog(log));
  }

  private static String readLog(File log) {
    try {
      return java.nio.file.Files.readString(log.toPath());
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /** Parses {@code args[0]} distinct long bad statements, keeping all results; exits 1 if any was valid. */
  static final class LongBadStringsMain {
    public static void main(String[] args) {
      int count = Integer.parseInt(args[0]);
      TermsParser parser = TermsParser.withDefaults();
      List<ParseResult> kept = new ArrayList<>();
      String[] letters = {"а", "ж", "ｅ", "\u200B", "\u0001"};
      for (int i = 0; i < count; i++) {
        String terms = i + letters[i % letters.length].repeat(MAX - 4);
        ParseResult result = parser.parse(terms);
        if (result.isValid()) {
          System.exit(1);
        }
        kept.add(result);
      }
      System.out.println(kept.size() + " results kept");
    }
  }

  private static int textSize(ParseResult result) {
    int size = 0;
    for (Diagnostic d : result.diagnostics()) {
      size += d.message().length() + (d.help() == null ? 0 : d.help().length());
    }
    return size;
  }
}
