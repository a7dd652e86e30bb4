package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RSL licences embedded in HTML pages and RSS feeds, read through {@code --from rsl}. */
class RslEmbeddedImportTest {

  private static final String NS = "https://rslstandard.org/rsl";

  private static ImportResult rsl(String input) {
    return Interop.importFrom(ImportFormat.RSL, input);
  }

  private static ImportResult rsl(String input, String path) {
    return Interop.importFrom(ImportFormat.RSL, input, ImportOptions.DEFAULTS.withPath(path));
  }

  private static String page(String head) {
    return "<!DOCTYPE html>\n<html>\n<head>\n<title>A page</title>\n" + head + "\n</head>\n<body><p>text</p></body>\n"
        + "</html>\n";
  }

  @Test
  void review17_rslHtml_scriptLicence_imported() {
    ImportResult r = rsl(page("<script type=\"application/rsl+xml\">\n<rsl xmlns=\"" + NS + "\">\n"
        + "  <content url=\"\"><license><prohibits type=\"usage\">ai-train</prohibits></license></content>\n"
        + "</rsl>\n</script>"));
    assertEquals("deny train", r.terms().orElseThrow());
  }

  @Test
  void review17_rslHtml_scriptLicence_diagnosticsPointIntoThePage() {
    ImportResult r = rsl(page("<script type=\"application/rsl+xml\">\n<rsl xmlns=\"" + NS + "\">\n"
        + "  <content url=\"/\"><license><permits>ai-train bogus</permits></license></content>\n"
        + "</rsl>\n</script>"));
    Diagnostic unknown = r.report().stream().filter(d -> d.code() == DiagnosticCode.UNKNOWN_LABEL).findFirst()
        .orElseThrow();
    assertEquals(7, unknown.span().line());
    assertEquals(29, unknown.span().column());
  }

  @Test
  void review17_rslHtml_malformedScript_errorAtItsPositionInThePage() {
    ImportResult r = rsl(page("<script type=\"application/rsl+xml\">\n<rsl xmlns=\"" + NS + "\">\n"
        + "  <content url=\"/\"><license></content>\n</rsl>\n</script>"));
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("malformed-xml"), codes(r));
    assertEquals(7, r.report().get(0).span().line());
  }

  @Test
  void review17_rslHtml_scriptWithoutRslNamespace_error() {
    ImportResult r = rsl(page("<script type=\"application/rsl+xml\"><rsl><content url=\"\"><license>"
        + "<permits>all</permits></license></content></rsl></script>"));
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("malformed-xml"), codes(r));
  }

  @Test
  void review17_rslHtml_linkedLicence_reportedWithUrlGrantsNothing() {
    ImportResult r = rsl(page(
        "<link rel=\"license\" type=\"application/rsl+xml\" href=\"https://example.com/l.rsl\">"));
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("no-equivalent", "no-preference"), codes(r));
    Diagnostic d = r.report().get(0);
    assertTrue(d.message().contains("https://example.com/l.rsl"), d.message());
    assertEquals(5, d.span().line());
  }

  @Test
  void review17_rslHtml_scriptOfOtherTypeAndComments_notRead() {
    ImportResult r = rsl(page("<!-- <script type=\"application/rsl+xml\"><rsl xmlns=\"" + NS + "\"><content url=\"/\">"
        + "<license><permits>all</permits></license></content></rsl></script> -->\n"
        + "<script>var s = '<link rel=\"license\" type=\"application/rsl+xml\" href=\"x\">';</script>"));
    assertEquals(List.of("no-preference"), codes(r));
  }

  @Test
  void review17_rslHtml_twoScripts_combineMostRestrictive() {
    String licence = "<script type=\"application/rsl+xml\"><rsl xmlns=\"" + NS + "\"><content url=\"\"><license>%s"
        + "</license></content></rsl></script>";
    ImportResult r = rsl(page(String.format(licence, "<permits>ai-train search</permits>")
        + String.format(licence, "<prohibits>search</prohibits>")));
    assertEquals("allow train; deny search", r.terms().orElseThrow());
  }

  @Test
  void review17_rslFeed_itemContents_selectedByPath() {
    String feed = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:rsl=\"" + NS + "\">\n<channel>\n"
        + "<title>Feed</title>\n"
        + "<rsl:content url=\"/\"><rsl:license><rsl:prohibits>ai-all</rsl:prohibits></rsl:license></rsl:content>\n"
        + "<item><title>Open</title><link>https://example.com/open/1</link>\n"
        + "<rsl:content url=\"https://example.com/open/1\"><rsl:license><rsl:permits>ai-train</rsl:permits>"
        + "<rsl:payment type=\"attribution\"/></rsl:license></rsl:content></item>\n"
        + "</channel>\n</rss>\n";
    assertEquals("deny train; deny input", rsl(feed, "/closed").terms().orElseThrow());
    assertEquals("allow train if attribution", rsl(feed, "/open/1").terms().orElseThrow());
  }

  @Test
  void review17_rslFeed_itemContentWithEmptyUrl_coversOnlyTheItemsLink() {
    String feed = "<rss version=\"2.0\" xmlns:rsl=\"" + NS + "\"><channel>\n"
        + "<item><link>https://example.com/posts/1</link><rsl:content url=\"\"><rsl:license>"
        + "<rsl:permits>ai-train</rsl:permits></rsl:license></rsl:content></item>\n"
        + "<rsl:content url=\"\"><rsl:license><rsl:permits>all</rsl:permits></rsl:license></rsl:content>\n"
        + "</channel></rss>";
    assertEquals("allow train", rsl(feed, "/posts/1").terms().orElseThrow());
    ImportResult other = rsl(feed, "/posts/2");
    assertTrue(other.policy().isEmpty(), other.terms().toString());
    Diagnostic ignored = other.report().stream().filter(d -> d.code() == DiagnosticCode.MALFORMED_SIGNAL)
        .findFirst().orElseThrow();
    assertEquals(3, ignored.span().line());
  }

  @Test
  void review17_rslFeed_elementsWithoutRslNamespace_notRead() {
    String feed = "<rss version=\"2.0\"><channel><item><content url=\"/\"><license><permits>all</permits>"
        + "</license></content></item></channel></rss>";
    ImportResult r = rsl(feed);
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("no-preference"), codes(r));
    assertNotNull(r.report().get(0).span());
  }

  private static String scripts(int count) {
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < count; i++) {
      head.append("<script type=\"application/rsl+xml\"><rsl xmlns=\"").append(NS).append("\"><content url=\"\">")
          .append("<license><prohibits>search</prohibits></license></content></rsl></script>\n");
    }
    return page(head.toString());
  }

  @Test
  void review17_rslHtml_atMaxEmbeddedLicences_read() {
    assertEquals("deny search", rsl(scripts(RslHtml.MAX_EMBEDDED_LICENCES)).terms().orElseThrow());
  }

  @Test
  void review17_rslHtml_pastMaxEmbeddedLicences_refused() {
    ImportResult r = rsl(scripts(RslHtml.MAX_EMBEDDED_LICENCES + 1));
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("malformed-input"), codes(r));
    assertEquals(5 + RslHtml.MAX_EMBEDDED_LICENCES, r.report().get(0).span().line());
  }

  @Test
  void review17_rslHtml_manyUnterminatedTags_readToTheEndWithoutError() {
    ImportResult r = rsl(page("<script type=\"application/rsl+xml\"".repeat(20_000)
        + "<link rel=\"license\"".repeat(20_000)));
    assertFalse(codes(r).contains("internal-error"), codes(r).toString());
    assertTrue(r.policy().isEmpty());
  }

  @Test
  void review17_rslFile_deeplyNested_noInternalError() {
    String deep = "<a>".repeat(100_000) + "</a>".repeat(100_000);
    ImportResult r = rsl("<rsl xmlns=\"" + NS + "\"><content url=\"/\"><license><prohibits>ai-train" + deep
        + "</prohibits></license></content></rsl>");
    assertFalse(codes(r).contains("internal-error"), codes(r).toString());
    assertEquals("deny train", r.terms().orElseThrow());
  }
}
