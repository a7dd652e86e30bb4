package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RobotsPatternTest {

  @ParameterizedTest
  @CsvSource({
      "/, /anything, true",
      "/ai-ok/, /ai-ok/test, true",
      "/ai-ok/, /ai-ok, false",
      "/*.pdf$, /a/b.pdf, true",
      "/*.pdf$, /a/b.pdf?x, false",
      "/*.pdf, /a/b.pdf?x, true",
      "/a*b*c, /axxbyyc/z, true",
      "/a*b*c, /axxbyy, false",
      "/exact$, /exact, true",
      "/exact$, /exact/, false",
      "*, /x, true"})
  void matches_pattern_expected(String pattern, String path, boolean expected) {
    assertEquals(expected, RobotsPattern.matches(pattern, path));
  }

  /** RFC 9309 section 2.2.2: pattern and path are compared after percent-decoding unreserved characters. */
  @ParameterizedTest
  @CsvSource({
      "/private/, /%70rivate/x, true",
      "/%70rivate/, /private/x, true",
      "/%7Euser/, /~user/a, true",
      "/a%2fb, /a%2Fb, true",
      "/a%2Fb, /a/b, false",
      "/a/b, /a%2Fb, false",
      "/café/, /caf%C3%A9/menu, true",
      "/caf%c3%a9/, /café/menu, true",
      "/x%2A, /xyz, false",
      "/x%2A, /x*, true",
      "/x*, /x*, true",
      "/a%24, /a$, true",
      "/a$, /a$, false",
      "/odd%, /odd%25, true",
      "/odd%zz, /odd%25zz, true"})
  void review02_matches_percentEncodedPathOrPattern_comparedInNormalForm(
      String pattern, String path, boolean expected) {
    assertEquals(expected, RobotsPattern.matches(pattern, path));
  }

  @Test
  void review02_normalise_decodesUnreservedUppercasesRestEncodesNonAscii() {
    assertEquals("/private/%2F%C3%A9~", RobotsPattern.normalise("/%70rivate/%2fé%7e"));
    assertEquals("/%F0%9F%98%80", RobotsPattern.normalise("/\uD83D\uDE00"));
    assertEquals(RobotsPattern.specificity("/private/"), RobotsPattern.specificity("/%70rivate/"));
  }

  @Test
  void review02_robotsImport_contentUsageForPrivate_coversPercentEncodedPath() {
    String robots = "User-Agent: *\nContent-Usage: train-ai=y\nContent-Usage: /private/ train-ai=n\n";
    ImportResult r = Interop.importFrom(ImportFormat.ROBOTS, robots, ImportOptions.DEFAULTS.withPath("/%70rivate/x"));
    assertEquals("deny train-genai", r.terms().orElseThrow());
    assertEquals(Outcome.DENY, Fixtures.outcomes(r.policy().get()).get(Purpose.TRAIN_GENAI));
  }

  @Test
  void review02_robotsImport_encodedPatternCoversPlainPath() {
    String robots = "User-Agent: *\nContent-Usage: train-ai=y\nContent-Usage: /caf%C3%A9/ train-ai=n\n";
    ImportResult r = Interop.importFrom(ImportFormat.ROBOTS, robots, ImportOptions.DEFAULTS.withPath("/caf\u00e9/x"));
    assertEquals("deny train-genai", r.terms().orElseThrow());
  }

  @Test
  void review02_robotsImport_encodedAllowRuleNotMoreSpecificThanPlainRefusal() {
    // Both rules name the same path; compared by their raw length the encoded one would win alone and allow.
    String robots = "User-Agent: *\nContent-Usage: /%70rivate/ train-ai=y\nContent-Usage: /private/ train-ai=n\n";
    ImportResult r = Interop.importFrom(ImportFormat.ROBOTS, robots, ImportOptions.DEFAULTS.withPath("/private/x"));
    assertEquals(Outcome.DENY, Fixtures.outcomes(r.policy().get()).get(Purpose.TRAIN_GENAI), r.terms().orElse(""));
  }

  @Test
  void review02_robotsImport_encodedDisallowTiesWithPlainAllow_allowWinsAsRfc9309Says() {
    String robots = "User-Agent: *\nDisallow: /%70rivate/\nAllow: /private/\nContent-Usage: train-ai=n\n";
    ImportResult r = Interop.importFrom(ImportFormat.ROBOTS, robots, ImportOptions.DEFAULTS.withPath("/private/x"));
    assertEquals("deny train-genai", r.terms().orElseThrow(), "the path may be fetched, so its rule applies");
  }
}
