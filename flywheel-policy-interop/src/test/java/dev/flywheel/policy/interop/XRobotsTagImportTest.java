package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class XRobotsTagImportTest {

  private static ImportResult tag(String input) {
    return Interop.importFrom(ImportFormat.X_ROBOTS_TAG, input);
  }

  private static ImportResult tag(String input, String agent) {
    return Interop.importFrom(ImportFormat.X_ROBOTS_TAG, input, ImportOptions.DEFAULTS.withAgent(agent));
  }

  @Test
  void review17_xRobotsTagNoai_refusesEveryAiUse() {
    ImportResult r = tag("X-Robots-Tag: noai");
    assertEquals(policy(deny(Purpose.AI)), r.policy().orElseThrow());
    var o = outcomes(r.policy().get());
    for (Purpose p : List.of(Purpose.TRAIN, Purpose.TRAIN_GENAI, Purpose.EVAL, Purpose.INPUT)) {
      assertEquals(Outcome.DENY, o.get(p), p.word());
    }
    assertEquals(Outcome.NONE, o.get(Purpose.SEARCH));
    assertEquals(1, count(r.report(), DiagnosticCode.APPROXIMATE_MAPPING));
  }

  @Test
  void review17_robotsMetaNoaiNoimageai_refusesAiUse() {
    ImportResult r = tag("<html><head>\n<meta name=\"robots\" content=\"noai, noimageai\"></head></html>");
    assertEquals(policy(deny(Purpose.AI)), r.policy().orElseThrow());
    Diagnostic image = r.report().stream().filter(d -> d.message().contains("'noimageai'")).findFirst()
        .orElseThrow();
    assertEquals(DiagnosticCode.APPROXIMATE_MAPPING, image.code());
    assertEquals(2, image.span().line());
    assertEquals(1, image.span().column());
  }

  @Test
  void importXRobotsTag_noindexAndNone_refuseSearch() {
    assertEquals(policy(deny(Purpose.SEARCH)), tag("noindex, nofollow").policy().orElseThrow());
    assertEquals(policy(deny(Purpose.SEARCH)), tag("X-Robots-Tag: none").policy().orElseThrow());
    assertEquals(policy(deny(Purpose.AI), deny(Purpose.SEARCH)),
        tag("X-Robots-Tag: noindex\nX-Robots-Tag: NOAI").policy().orElseThrow());
  }

  @Test
  void importXRobotsTag_onlyPermissiveDirectives_grantNothing() {
    ImportResult r = tag("X-Robots-Tag: all, index, follow, max-snippet: 20, unavailable_after: 2030-01-01");
    assertTrue(r.policy().isEmpty());
    assertEquals(5, count(r.report(), DiagnosticCode.NO_EQUIVALENT));
    assertEquals(1, count(r.report(), DiagnosticCode.NO_PREFERENCE));
  }

  @Test
  void importXRobotsTag_unknownDirective_reportedGrantsNothing() {
    ImportResult r = tag("X-Robots-Tag: yesai, noai");
    assertEquals(policy(deny(Purpose.AI)), r.policy().orElseThrow());
    Diagnostic d = r.report().stream().filter(x -> x.code() == DiagnosticCode.UNKNOWN_LABEL).findFirst()
        .orElseThrow();
    assertEquals(13, d.span().offset());
  }

  @Test
  void importXRobotsTag_addressedToOtherCrawler_notReadButReported() {
    String text = "X-Robots-Tag: otherbot: noai\nX-Robots-Tag: examplebot: noindex\n";
    ImportResult any = tag(text);
    assertTrue(any.policy().isEmpty());
    assertEquals(2, count(any.report(), DiagnosticCode.NO_EQUIVALENT));
    assertEquals(policy(deny(Purpose.SEARCH)), tag(text, "ExampleBot/1.0").policy().orElseThrow());
  }

  @Test
  void importXRobotsTag_otherHeaderLines_reportedNotRead() {
    ImportResult r = tag("Content-Type: text/html\nX-Robots-Tag: noai\n");
    assertEquals(policy(deny(Purpose.AI)), r.policy().orElseThrow());
    assertTrue(r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.NO_EQUIVALENT
        && d.message().contains("content-type") && d.span().line() == 1), r.report().toString());
  }

  @Test
  void importRobotsMeta_commentedOutOrOtherName_notRead() {
    String html = "<!-- <meta name=\"robots\" content=\"noai\"> --><meta name=\"description\" content=\"noai\">"
        + "<script>var s = '<meta name=\"robots\" content=\"noai\">';</script>";
    assertTrue(tag(html).policy().isEmpty());
  }

  @Test
  void importRobotsMeta_agentNamedTag_appliesToThatAgent() {
    String html = "<meta name=\"ExampleBot\" content=\"noai\"><meta http-equiv=\"X-Robots-Tag\" content=\"noindex\">";
    assertEquals(policy(deny(Purpose.SEARCH)), tag(html).policy().orElseThrow());
    assertEquals(policy(deny(Purpose.AI), deny(Purpose.SEARCH)),
        tag(html, "examplebot").policy().orElseThrow());
  }

  @Test
  void importXRobotsTag_empty_noPreference() {
    ImportResult r = tag("");
    assertTrue(r.policy().isEmpty());
    assertFalse(r.hasErrors());
  }

  @Test
  void importXRobotsTag_megabyteOfLines_colonAtTheEnd_readInOnePass() {
    String text = "X-Robots-Tag: noindex\n".repeat(Interop.MAX_INPUT_LENGTH / 24) + "X-Robots-Tag: noai";
    assertEquals(policy(deny(Purpose.AI), deny(Purpose.SEARCH)), tag(text).policy().orElseThrow());
    String bare = "nofollow\n".repeat(Interop.MAX_INPUT_LENGTH / 10) + "examplebot: noai";
    assertTrue(tag(bare).policy().isEmpty());
  }
}
