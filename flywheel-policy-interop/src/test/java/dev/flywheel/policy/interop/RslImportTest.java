package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RslImportTest {

  private static ImportResult rsl(String license) {
    return rsl("/", license);
  }

  private static ImportResult rsl(String url, String license) {
    String xml = "<rsl xmlns=\"https://rslstandard.org/rsl\">\n  <content url=\"" + url + "\">\n    <license>\n"
        + license + "\n    </license>\n  </content>\n</rsl>\n";
    return Interop.importFrom(ImportFormat.RSL, xml);
  }

  @Test
  void importRsl_prohibitAiAll_deniesTrainAndInput() {
    ImportResult r = rsl("<prohibits type=\"usage\">ai-all</prohibits>");
    assertEquals("deny train; deny input", r.terms().orElseThrow());
    var o = outcomes(r.policy().get());
    assertEquals(Outcome.DENY, o.get(Purpose.TRAIN));
    assertEquals(Outcome.DENY, o.get(Purpose.TRAIN_GENAI));
    assertEquals(Outcome.DENY, o.get(Purpose.INPUT));
    assertEquals(Outcome.NONE, o.get(Purpose.SEARCH));
    assertEquals(Outcome.NONE, o.get(Purpose.EVAL));
    assertEquals(1, count(r.report(), DiagnosticCode.APPROXIMATE_MAPPING)); // ai-index read as input
  }

  @Test
  void importRsl_permitTrainWithSubscription_paysLicensor() {
    ImportResult r = rsl("<permits type=\"usage\">ai-train</permits>\n<payment type=\"subscription\"/>");
    assertEquals("allow train if pay collective licensor", r.terms().orElseThrow());
    var v = verdict(r.policy().get(), Purpose.TRAIN);
    assertEquals(Outcome.OBLIGATION, v.outcome());
    assertEquals(List.of(new Duty.Payment("licensor", null)), v.duties());
    assertEquals(Outcome.NONE, outcomes(r.policy().get()).get(Purpose.SEARCH));
  }

  @Test
  void importRsl_royaltyThroughCollectiveServer_paysServerHost() {
    String xml = "<rsl xmlns=\"https://rslstandard.org/rsl\">\n"
        + "  <content url=\"/\" server=\"https://rslcollective.org/api\">\n"
        + "    <license>\n      <permits type=\"usage\">ai-train</permits>\n"
        + "      <payment type=\"royalty\"/>\n    </license>\n  </content>\n</rsl>";
    ImportResult r = Interop.importFrom(ImportFormat.RSL, xml);
    assertEquals("allow train if pay collective \"rslcollective.org\"", r.terms().orElseThrow());
    assertEquals(List.of(new Duty.Payment("rslcollective.org", null)),
        verdict(r.policy().get(), Purpose.TRAIN_GENAI).duties());
    assertTrue(r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.APPROXIMATE_MAPPING
        && d.message().contains("licence server")));
  }

  @Test
  void importRsl_permitIndexProhibitTrainCrawlFee_deniesTrainAndReportsIndex() {
    ImportResult r = rsl("<permits type=\"usage\">ai-index</permits>\n<prohibits type=\"usage\">ai-train</prohibits>\n"
        + "<payment type=\"crawl\"><amount currency=\"USD\">0.001</amount></payment>");
    assertEquals("deny train", r.terms().orElseThrow());
    assertEquals(Outcome.DENY, outcomes(r.policy().get()).get(Purpose.TRAIN));
    assertEquals(Outcome.NONE, outcomes(r.policy().get()).get(Purpose.INPUT));
    assertTrue(r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.NO_EQUIVALENT
        && d.message().contains("ai-index")));
  }

  @Test
  void importRsl_amountWithCurrency_becomesPrice() {
    ImportResult r = rsl("<permits type=\"usage\">ai-input</permits>\n"
        + "<payment type=\"use\"><amount currency=\"USD\">0.0010</amount></payment>");
    assertEquals("allow input if pay collective licensor 0.001 USD per item", r.terms().orElseThrow());
    assertEquals(List.of(new Duty.Payment("licensor", new Duty.Amount(new BigDecimal("0.001"), "USD"))),
        verdict(r.policy().get(), Purpose.INPUT).duties());
  }

  @Test
  void importRsl_permitAllFree_allowsTrainInputSearch() {
    ImportResult r = rsl("<permits type=\"usage\">all</permits>\n<payment type=\"free\"/>");
    assertEquals("allow train; allow input; allow search", r.terms().orElseThrow());
    var o = outcomes(r.policy().get());
    assertEquals(Outcome.ALLOW, o.get(Purpose.TRAIN_GENAI));
    assertEquals(Outcome.ALLOW, o.get(Purpose.INPUT));
    assertEquals(Outcome.ALLOW, o.get(Purpose.SEARCH));
    assertEquals(Outcome.NONE, o.get(Purpose.EVAL));
  }

  @Test
  void importRsl_attributionPayment_becomesAttribution() {
    ImportResult r = rsl("<permits type=\"usage\">search, train-ai</permits>\n<payment type=\"attribution\"/>");
    assertEquals("allow train if attribution; allow search if attribution", r.terms().orElseThrow());
  }

  @Test
  void importRsl_nonCommercialUsersOnly_requiresNoncommercial() {
    ImportResult r = rsl("<permits type=\"usage\">ai-train</permits>\n<permits type=\"user\">non-commercial</permits>");
    assertEquals("allow train if noncommercial", r.terms().orElseThrow());
    assertEquals(List.of(Fact.NONCOMMERCIAL), verdict(r.policy().get(), Purpose.TRAIN).wouldAllowWith());
  }

  @Test
  void importRsl_unrepresentableRestriction_grantsNothing() {
    ImportResult r = rsl("<permits type=\"usage\">ai-train</permits>\n<permits type=\"geo\">US</permits>");
    assertTrue(r.policy().isEmpty());
    assertTrue(codes(r).contains("no-equivalent"));
  }

  @Test
  void importRsl_pathSelectsMostSpecificContent() {
    String xml = "<rsl xmlns=\"https://rslstandard.org/rsl\">"
        + "<content url=\"/\"><license><prohibits>ai-train</prohibits></license></content>"
        + "<content url=\"https://example.com/open/\"><license><permits>ai-train</permits></license></content></rsl>";
    assertEquals("deny train", Interop.importFrom(ImportFormat.RSL, xml).terms().orElseThrow());
    assertEquals("allow train", Interop.importFrom(ImportFormat.RSL, xml, ImportOptions.DEFAULTS.withPath("/open/a"))
        .terms().orElseThrow());
  }

  @Test
  void importRsl_curlyQuotes_clearError() {
    String xml = "<rsl>\n  <content url=\u201d/\u201d>\n    <license><prohibits>ai-all</prohibits></license>\n"
        + "  </content>\n</rsl>";
    ImportResult r = Interop.importFrom(ImportFormat.RSL, xml);
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("malformed-xml"), codes(r));
    Diagnostic d = r.report().get(0);
    assertEquals(2, d.span().line());
    assertEquals(16, d.span().column());
    assertTrue(d.help().contains("straight quotes"), d.help());
  }

  @Test
  void importRsl_doctype_refused() {
    String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rsl [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        + "<rsl><content url=\"/\"><license><permits>&x;</permits></license></content></rsl>";
    ImportResult r = Interop.importFrom(ImportFormat.RSL, xml);
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("forbidden-xml"), codes(r));
  }

  @Test
  void importRsl_billionLaughs_refusedQuickly() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><rsl>&lol2;</rsl>";
    assertEquals(List.of("forbidden-xml"), codes(Interop.importFrom(ImportFormat.RSL, xml)));
  }

  @Test
  void importRsl_wrongRoot_error() {
    assertEquals(List.of("malformed-xml"), codes(Interop.importFrom(ImportFormat.RSL, "<feed/>")));
  }

  private static final String NS = "https://rslstandard.org/rsl";

  @Test
  void review02_rsl_permitsOfAnotherNamespace_grantNothingAndAreReported() {
    ImportResult r = rsl("<x:permits xmlns:x=\"urn:other\">all</x:permits>\n"
        + "<prohibits type=\"usage\">search</prohibits>");
    assertEquals("deny search", r.terms().orElseThrow());
    Diagnostic d = r.report().stream().filter(x -> x.code() == DiagnosticCode.UNKNOWN_LABEL).findFirst().orElseThrow();
    assertTrue(d.message().contains("urn:other"), d.message());
    assertEquals(4, d.span().line());
  }

  @Test
  void review02_rsl_rootWithoutNamespace_isNotRsl() {
    ImportResult r = Interop.importFrom(ImportFormat.RSL,
        "<rsl><content url=\"/\"><license><permits>all</permits></license></content></rsl>");
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("malformed-xml"), codes(r));
    assertTrue(r.report().get(0).help().contains(NS));
    assertEquals(1, r.report().get(0).span().line());
  }

  @Test
  void review02_rsl_rootOfAnotherNamespace_isNotRsl() {
    ImportResult r = Interop.importFrom(ImportFormat.RSL,
        "<rsl xmlns=\"urn:other\"><content url=\"/\"><license><permits>all</permits></license></content></rsl>");
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("malformed-xml"), codes(r));
  }

  @Test
  void review02_rsl_prefixedRslNamespace_isRsl() {
    ImportResult r = Interop.importFrom(ImportFormat.RSL, "<r:rsl xmlns:r=\"" + NS + "\"><r:content url=\"/\">"
        + "<r:license><r:prohibits>ai-train</r:prohibits></r:license></r:content></r:rsl>");
    assertEquals("deny train", r.terms().orElseThrow());
  }

  @Test
  void review02_rsl_byteOrderMark_readAsXmlAllows() {
    ImportResult r = Interop.importFrom(ImportFormat.RSL, "\uFEFF<rsl xmlns=\"" + NS + "\"><content url=\"/\">"
        + "<license><prohibits>ai-train</prohibits></license></content></rsl>");
    assertEquals("deny train", r.terms().orElseThrow());
  }

  @Test
  void review02_rsl_contentUrlPercentEncoded_matchesPath() {
    String xml = "<rsl xmlns=\"" + NS + "\"><content url=\"/\"><license><permits>ai-train</permits></license>"
        + "</content><content url=\"https://example.com/private/\"><license><prohibits>ai-train</prohibits>"
        + "</license></content></rsl>";
    ImportOptions options = ImportOptions.DEFAULTS.withPath("/%70rivate/a");
    assertEquals("deny train", Interop.importFrom(ImportFormat.RSL, xml, options).terms().orElseThrow());
  }

  @Test
  void review02_rsl_amountOf5000Digits_licenceGrantsNothingAndTermsParse() {
    ImportResult r = rsl("<permits type=\"usage\">ai-train</permits>\n"
        + "<payment type=\"use\"><amount currency=\"USD\">" + "9".repeat(5000) + "</amount></payment>");
    assertTrue(r.policy().isEmpty(), r.terms().toString());
    assertTrue(r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.MALFORMED_SIGNAL
        && d.message().contains("digits before the point")));
    ImportResult withRefusal = rsl("<permits type=\"usage\">ai-train</permits><prohibits>search</prohibits>\n"
        + "<payment type=\"use\"><amount currency=\"USD\">" + "9".repeat(5000) + "</amount></payment>");
    assertEquals("deny search", withRefusal.terms().orElseThrow());
  }

  @Test
  void review02_rsl_amountWithManyDecimals_roundedUpAndParses() {
    ImportResult r = rsl("<permits type=\"usage\">ai-train</permits>\n"
        + "<payment type=\"use\"><amount currency=\"EUR\">0." + "0".repeat(4990) + "1</amount></payment>");
    assertEquals("allow train if pay collective licensor 0.000000001 EUR per item", r.terms().orElseThrow());
    assertTrue(dev.flywheel.policy.grammar.TermsParser.withDefaults().parse(r.terms().get()).isValid());
  }

  @Test
  void review02_rsl_malformedAmount_licenceGrantsNothing() {
    for (String amount : List.of("1e3", "-1", "0,5", "", "12a")) {
      ImportResult r = rsl("<permits type=\"usage\">ai-train</permits>\n"
          + "<payment type=\"use\"><amount currency=\"USD\">" + amount + "</amount></payment>");
      assertTrue(r.policy().isEmpty(), amount + " gave " + r.terms());
    }
  }

  @Test
  void review13_rslDiagnostics_havePositions() {
    ImportResult r = rsl("<permits type=\"usage\">ai-index, bogus</permits>\n"
        + "<prohibits type=\"usage\">ai-all</prohibits>\n"
        + "<payment type=\"crawl\"><amount currency=\"USD\">0.001</amount></payment>\n"
        + "<payment type=\"royalty\"/>");
    List<Diagnostic> located = r.report().stream()
        .filter(d -> d.code() != DiagnosticCode.UNKNOWN_CATEGORY && d.code() != DiagnosticCode.NO_PREFERENCE)
        .toList();
    assertTrue(located.size() >= 5, r.report().toString());
    for (Diagnostic d : located) {
      assertNotNull(d.span(), d.toString());
      assertTrue(d.span().line() >= 3, d.toString()); // at the licence or one of its elements
    }
    Diagnostic unknown = r.report().stream().filter(d -> d.code() == DiagnosticCode.UNKNOWN_LABEL).findFirst()
        .orElseThrow();
    assertEquals(4, unknown.span().line());
    assertEquals(1, unknown.span().column());
    Diagnostic amount = r.report().stream().filter(d -> d.message().contains("price per item")).findFirst()
        .orElseThrow();
    assertEquals(6, amount.span().line());
    assertEquals(23, amount.span().column());
  }

  @Test
  void review13_rslNoMatchingContent_positionAtRoot() {
    ImportResult r = rsl("/docs/", "<prohibits>ai-all</prohibits>");
    assertEquals(1, r.report().get(0).span().line());
  }

  @Test
  void importRsl_noMatchingContent_noPreference() {
    ImportResult r = rsl("/docs/", "<prohibits>ai-all</prohibits>");
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("no-preference"), codes(r));
  }

  @Test
  void importRsl_serverHostTooLongForAName_fallsBackToLicensor() {
    String host = "a".repeat(60) + "." + "b".repeat(60) + ".example";
    String xml = "<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\" server=\"https://" + host
        + "/api\"><license>"
        + "<permits>ai-train</permits><payment type=\"royalty\"/></license></content></rsl>";
    ImportResult r = Interop.importFrom(ImportFormat.RSL, xml);
    assertEquals("allow train if pay collective licensor", r.terms().orElseThrow());
  }

  @Test
  void importRsl_severalLicences_mostRestrictivePerPurpose() {
    String xml = "<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\">"
        + "<license><permits>ai-train search</permits><payment type=\"free\"/></license>"
        + "<license><permits>ai-train</permits><payment type=\"attribution\"/></license>"
        + "<license><prohibits>search</prohibits></license>"
        + "</content></rsl>";
    assertEquals("allow train if attribution; deny search",
        Interop.importFrom(ImportFormat.RSL, xml).terms().orElseThrow());
  }
}
