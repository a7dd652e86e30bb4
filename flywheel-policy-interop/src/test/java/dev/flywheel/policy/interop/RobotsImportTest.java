package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import org.junit.jupiter.api.Test;

class RobotsImportTest {

  static final String ROBOTS = """
      User-Agent: *
      Allow: /
      Disallow: /never/
      Content-Usage: train-ai=n
      Content-Usage: /ai-ok/ train-ai=y

      User-Agent: ExampleBot
      Allow: /
      Content-Usage: train-ai=y
      """;

  private static ImportResult robots(String input, String agent, String path) {
    return Interop.importFrom(ImportFormat.ROBOTS, input, ImportOptions.DEFAULTS.withAgent(agent).withPath(path));
  }

  @Test
  void importRobots_anyAgentPlainPath_deniesGenaiTraining() {
    ImportResult r = robots(ROBOTS, "*", "/test");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
    assertEquals(Outcome.DENY, outcomes(r.policy().get()).get(Purpose.TRAIN_GENAI));
    assertEquals(Outcome.NONE, outcomes(r.policy().get()).get(Purpose.SEARCH));
  }

  @Test
  void importRobots_longerPathRule_wins() {
    ImportResult r = robots(ROBOTS, "*", "/ai-ok/test");
    assertEquals(policy(allow(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
    assertEquals(Outcome.ALLOW, outcomes(r.policy().get()).get(Purpose.TRAIN_GENAI));
  }

  @Test
  void importRobots_namedAgent_usesItsGroupEverywhere() {
    for (String path : new String[] {"/test", "/ai-ok/test", "/never/x"}) {
      ImportResult r = robots(ROBOTS, "ExampleBot", path);
      assertEquals(policy(allow(Purpose.TRAIN_GENAI)), r.policy().orElseThrow(), path);
    }
  }

  @Test
  void importRobots_agentMatchIgnoresCaseAndVersion() {
    assertEquals(policy(allow(Purpose.TRAIN_GENAI)),
        robots(ROBOTS, "examplebot/2.1", "/test").policy().orElseThrow());
  }

  @Test
  void importRobots_unknownAgent_fallsBackToStarGroup() {
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), robots(ROBOTS, "OtherBot", "/test").policy().orElseThrow());
  }

  @Test
  void importRobots_identicalPathsConflicting_mostRestrictiveWins() {
    String text = "User-agent: *\nContent-Usage: /a/ train-ai=y\nContent-Usage: /a/ train-ai=n, search=y\n";
    ImportResult r = robots(text, "*", "/a/b");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI), allow(Purpose.SEARCH)), r.policy().orElseThrow());
  }

  @Test
  void importRobots_disallowedPath_reportedButTermsUnchanged() {
    ImportResult r = robots(ROBOTS, "*", "/never/x");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
    Diagnostic d = r.report().stream().filter(x -> x.code() == DiagnosticCode.NO_EQUIVALENT).findFirst()
        .orElseThrow();
    assertEquals(3, d.span().line());
  }

  @Test
  void importRobots_directiveNamesAnyCase_andComments() {
    String text = "user-agent: * # all\nCONTENT-USAGE: search=n # no search\n";
    assertEquals(policy(deny(Purpose.SEARCH)), robots(text, "*", "/").policy().orElseThrow());
  }

  @Test
  void importRobots_wildcardAndAnchoredPaths() {
    String text = "User-agent: *\nContent-Usage: train-ai=y\nContent-Usage: /*.pdf$ train-ai=n\n";
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), robots(text, "*", "/docs/a.pdf").policy().orElseThrow());
    assertEquals(policy(allow(Purpose.TRAIN_GENAI)), robots(text, "*", "/docs/a.pdf.html").policy().orElseThrow());
  }

  @Test
  void importRobots_malformedRule_warnsAndMeansUnknown() {
    String text = "User-agent: *\nContent-Usage: train-ai = n\n";
    ImportResult r = robots(text, "*", "/");
    assertTrue(r.policy().isEmpty());
    assertFalse(r.hasErrors());
    assertEquals(1, count(r.report(), DiagnosticCode.MALFORMED_SIGNAL));
    assertEquals(1, count(r.report(), DiagnosticCode.NO_PREFERENCE));
  }

  @Test
  void importRobots_noGroupForAgent_noPreference() {
    String text = "User-agent: OnlyBot\nContent-Usage: train-ai=n\n";
    ImportResult r = robots(text, "OtherBot", "/");
    assertTrue(r.policy().isEmpty());
    assertEquals(1, count(r.report(), DiagnosticCode.NO_PREFERENCE));
  }

  @Test
  void importRobots_contentSignalLinesToo_combined() {
    String text = "User-agent: *\nContent-Signal: ai-train=no, search=yes\nContent-Usage: search=n\n";
    ImportResult r = robots(text, "*", "/");
    assertEquals(policy(deny(Purpose.TRAIN), deny(Purpose.SEARCH)), r.policy().orElseThrow());
  }

  @Test
  void importRobots_nonAsciiComment_spansCountCodePoints() {
    // The emoji is two UTF-16 units but one code point; the unknown label is reported at code point 16 of line 2.
    String text = "User-agent: *\n# \uD83D\uDE00 yes\nContent-Usage: bots=y, search=y\n";
    ImportResult r = robots(text, "*", "/");
    Diagnostic d = r.report().stream().filter(x -> x.code() == DiagnosticCode.UNKNOWN_LABEL).findFirst()
        .orElseThrow();
    assertEquals(3, d.span().line());
    assertEquals(16, d.span().column());
    assertEquals(14 + 8 + 15, d.span().offset());
  }

  @Test
  void importRobots_ruleBeforeAnyGroup_ignoredAndReported() {
    String text = "Content-Usage: train-ai=y\nUser-agent: *\nContent-Usage: search=n\n";
    ImportResult r = robots(text, "*", "/");
    assertEquals(policy(deny(Purpose.SEARCH)), r.policy().orElseThrow());
    Diagnostic d = r.report().get(0);
    assertEquals(DiagnosticCode.MALFORMED_SIGNAL, d.code());
    assertEquals(1, d.span().line());
  }
}
