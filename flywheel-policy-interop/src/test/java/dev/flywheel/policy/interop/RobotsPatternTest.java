package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.*;

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
}
