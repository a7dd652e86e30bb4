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

  @Test
  void review02_contentUsageOnDisallowedPath_grantsNothing() {
    String text = "User-agent: *\nDisallow: /never/\nContent-Usage: train-ai=y, search=n\n"
        + "Content-Usage: /never/ search=y\n";
    ImportResult r = robots(text, "*", "/never/x");
    assertTrue(r.policy().isEmpty(), r.terms().toString());
    Diagnostic d = r.report().stream().filter(x -> x.code() == DiagnosticCode.NO_EQUIVALENT).findFirst()
        .orElseThrow();
    assertEquals(2, d.span().line());
    assertTrue(d.message().contains("grant nothing"), d.message());
    // A path crawlers may fetch keeps the rule; a refusal on a disallowed path still stands.
    assertEquals(policy(allow(Purpose.TRAIN_GENAI), deny(Purpose.SEARCH)),
        robots(text, "*", "/ok").policy().orElseThrow());
    String refusal = "User-agent: *\nDisallow: /never/\nContent-Usage: train-ai=n\n";
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), robots(refusal, "*", "/never/x").policy().orElseThrow());
    // An Allow that is longer than the Disallow lets the path be fetched again, and the rule apply.
    String allowed = "User-agent: *\nDisallow: /never/\nAllow: /never/open/\nContent-Usage: train-ai=y\n";
    assertEquals(policy(allow(Purpose.TRAIN_GENAI)), robots(allowed, "*", "/never/open/x").policy().orElseThrow());
  }

  @Test
  void review02_contentSignalOnDisallowedPath_grantsNothing() {
    String text = "User-agent: *\nDisallow: /\nContent-Signal: ai-train=yes, search=no\n";
    ImportResult r = Interop.importFrom(ImportFormat.CONTENT_SIGNAL, text, ImportOptions.DEFAULTS.withPath("/a"));
    assertEquals(policy(deny(Purpose.SEARCH)), r.policy().orElseThrow());
  }

  @Test
  void review02_siteWideContentSignalRefusal_notOverriddenByPathContentUsage() {
    String text = "User-agent: *\nContent-Signal: ai-train=no\nContent-Usage: /a/ train-ai=y, search=y\n";
    ImportResult r = robots(text, "*", "/a/x");
    assertEquals(policy(deny(Purpose.TRAIN), allow(Purpose.SEARCH)), r.policy().orElseThrow());
    var o = outcomes(r.policy().get());
    assertEquals(Outcome.DENY, o.get(Purpose.TRAIN));
    assertEquals(Outcome.DENY, o.get(Purpose.TRAIN_GENAI));
    assertEquals(Outcome.ALLOW, o.get(Purpose.SEARCH));
  }

  @Test
  void review02_trainAiAllowedTrainGenaiRefusedInRobots_refusalWins() {
    String text = "User-agent: *\nContent-Usage: train-ai=y, train-genai=n\n";
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), robots(text, "*", "/").policy().orElseThrow());
  }

  @Test
  void review15_robotsOtherSignals_reportedNotDropped() {
    String text = "User-agent: *\nDisallowAITraining: /\nContent-Usage: search=y\nClean-param: ref\n"
        + "Clean-param: utm\nLicense: https://example.com/license.xml\nnot a directive\n";
    ImportResult r = robots(text, "*", "/");
    assertEquals(policy(allow(Purpose.SEARCH)), r.policy().orElseThrow());
    Diagnostic ai = r.report().stream().filter(x -> x.message().contains("disallowaitraining")).findFirst()
        .orElseThrow();
    assertEquals(DiagnosticCode.UNKNOWN_LABEL, ai.code());
    assertEquals(2, ai.span().line());
    assertEquals(1, r.report().stream().filter(x -> x.message().contains("clean-param")).count());
    assertEquals(1, r.report().stream().filter(x -> x.message().contains("not a 'name: value' directive")).count());
    assertTrue(r.report().stream().anyMatch(x -> x.code() == DiagnosticCode.NO_EQUIVALENT
        && x.message().contains("https://example.com/license.xml") && x.span().line() == 6), r.report().toString());
  }

  @Test
  void review15_contentUsageInContentSignalImport_reported() {
    String text = "User-agent: *\nContent-Signal: search=yes\nContent-Usage: train-ai=n\n";
    ImportResult r = Interop.importFrom(ImportFormat.CONTENT_SIGNAL, text);
    assertEquals(policy(allow(Purpose.SEARCH)), r.policy().orElseThrow());
    Diagnostic d = r.report().stream().filter(x -> x.code() == DiagnosticCode.NO_EQUIVALENT).findFirst()
        .orElseThrow();
    assertEquals(3, d.span().line());
    assertTrue(d.help().contains("--from robots"));
  }

  @Test
  void review17_robotsLicenseDirective_reportedWithUrlGrantsNothing() {
    String text = "License: https://example.com/license.xml\nUser-agent: *\nAllow: /\n";
    ImportResult r = robots(text, "*", "/");
    assertTrue(r.policy().isEmpty());
    Diagnostic d = r.report().get(0);
    assertEquals(DiagnosticCode.NO_EQUIVALENT, d.code());
    assertTrue(d.message().contains("https://example.com/license.xml"), d.message());
    assertTrue(d.help().contains("--from rsl"));
    assertEquals(1, d.span().line());
    String longUrl = "https://example.com/" + "x".repeat(5000);
    ImportResult big = robots("License: " + longUrl + "\nUser-agent: *\n", "*", "/");
    assertTrue(big.report().get(0).message().length() < 400, "the message quotes a bounded excerpt");
  }

  @Test
  void review09_robotsMegabyteOfLines_commentAtTheEnd_readInOnePass() {
    // Each line's comment is searched for within the line only, never up to a '#' at the end of the file.
    StringBuilder text = new StringBuilder("User-agent: *\n");
    while (text.length() < Interop.MAX_INPUT_LENGTH - 64) {
      text.append("Allow: /a\n");
    }
    text.append("Content-Usage: train-ai=n # the only comment");
    ImportResult r = robots(text.toString(), "*", "/");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
  }
}
