package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class TdmrepImportTest {

  private static ImportResult tdm(String input, String path) {
    return Interop.importFrom(ImportFormat.TDMREP, input, ImportOptions.DEFAULTS.withPath(path));
  }

  @Test
  void importTdmrepJson_reserved_deniesAi() {
    ImportResult r = tdm("[{\"location\": \"/\", \"tdm-reservation\": 1}]", "/a");
    assertEquals(policy(deny(Purpose.AI)), r.policy().orElseThrow());
    assertEquals("deny ai", r.terms().orElseThrow());
    var o = outcomes(r.policy().get());
    for (Purpose p : List.of(Purpose.TRAIN, Purpose.TRAIN_GENAI, Purpose.EVAL, Purpose.INPUT)) {
      assertEquals(Outcome.DENY, o.get(p), p.word());
    }
    assertEquals(Outcome.NONE, o.get(Purpose.SEARCH));
  }

  @Test
  void importTdmrepJson_notReserved_noTerms() {
    ImportResult r = tdm("[{\"location\": \"/\", \"tdm-reservation\": 0}]", "/");
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("no-equivalent", "no-preference"), codes(r));
    assertEquals("/0/tdm-reservation", r.report().get(0).pointer());
  }

  @Test
  void importTdmrepJson_mostSpecificFirst_firstMatchWins() {
    String json = "[{\"location\": \"/open/*\", \"tdm-reservation\": 0},"
        + " {\"location\": \"/open/*\", \"tdm-reservation\": 1},"
        + " {\"location\": \"/\", \"tdm-reservation\": 1}]";
    assertTrue(tdm(json, "/open/x").policy().isEmpty()); // the first match: 0
    assertEquals(policy(deny(Purpose.AI)), tdm(json, "/closed").policy().orElseThrow());
  }

  /** TDMRep section 3.1: the first matching rule in sequence applies, not the longest location. */
  @Test
  void review02_tdmrepJson_firstMatchingRuleWins_notLongestLocation() {
    String json = "[{\"location\": \"/books/*\", \"tdm-reservation\": 1},"
        + " {\"location\": \"/books/free/*\", \"tdm-reservation\": 0}]";
    assertEquals("deny ai", tdm(json, "/books/free/a").terms().orElseThrow());
  }

  @Test
  void review02_tdmrepHeaders_laterZeroNeverErasesReservation() {
    ImportResult r = tdm("tdm-reservation: 1\ntdm-reservation: 0", "/");
    assertEquals(policy(deny(Purpose.AI)), r.policy().orElseThrow());
    assertTrue(codes(r).contains("duplicate-label"), codes(r).toString());
    assertEquals("deny ai", tdm("tdm-reservation: 1\ntdm-reservation: 2", "/").terms().orElseThrow());
    assertEquals("deny ai", tdm("tdm-reservation: 0\ntdm-reservation: 1", "/").terms().orElseThrow());
  }

  @Test
  void review02_tdmrepHtml_laterZeroMetaNeverErasesReservation() {
    String html = "<html><head><meta name=\"tdm-reservation\" content=\"1\">"
        + "<meta name=\"tdm-reservation\" content=\"0\"></head></html>";
    assertEquals(policy(deny(Purpose.AI)), tdm(html, "/").policy().orElseThrow());
  }

  @Test
  void review02_tdmrepJson_duplicateKey_errorNotLastValue() {
    ImportResult r = tdm("[{\"location\": \"/\", \"tdm-reservation\": 1, \"tdm-reservation\": 0}]", "/");
    assertTrue(r.hasErrors());
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("duplicate-key"), codes(r));
    assertEquals("/0/tdm-reservation", r.report().get(0).pointer());
    assertNotNull(r.report().get(0).span());
  }

  @Test
  void review02_tdmrepJson_trailingSecondArray_errorNotIgnored() {
    ImportResult r = tdm("[{\"location\": \"/\", \"tdm-reservation\": 1}]\n[{\"location\": \"/\", "
        + "\"tdm-reservation\": 0}]", "/");
    assertTrue(r.hasErrors());
    assertEquals(List.of("trailing-content"), codes(r));
    assertEquals(2, r.report().get(0).span().line());
  }

  @Test
  void review02_tdmrepJson_byteOrderMark_skippedReservationKept() {
    ImportResult r = tdm("\uFEFF[{\"location\": \"/\", \"tdm-reservation\": 1}]", "/a");
    assertEquals("deny ai", r.terms().orElseThrow());
    ImportResult broken = tdm("\uFEFF[{\"location\": \"/\",, }]", "/");
    assertEquals(List.of("invalid-json"), codes(broken));
    int withoutMark = tdm("[{\"location\": \"/\",, }]", "/").report().get(0).span().offset();
    // Positions are in the text as given, so they count the mark.
    assertEquals(withoutMark + 1, broken.report().get(0).span().offset());
  }

  @Test
  void review02_tdmrepJson_percentEncodedPath_matchesLocation() {
    String json = "[{\"location\": \"/private/*\", \"tdm-reservation\": 1}]";
    assertEquals("deny ai", tdm(json, "/%70rivate/x").terms().orElseThrow());
    assertEquals("deny ai", tdm("[{\"location\": \"/%70rivate/\", \"tdm-reservation\": 1}]", "/private/x")
        .terms().orElseThrow());
  }

  @Test
  void importTdmrepJson_otherValue_treatedAsUnset() {
    ImportResult r = tdm("[{\"location\": \"/\", \"tdm-reservation\": 2}]", "/");
    assertTrue(r.policy().isEmpty());
    Diagnostic d = r.report().get(0);
    assertEquals(DiagnosticCode.MALFORMED_SIGNAL, d.code());
    assertEquals("/0/tdm-reservation", d.pointer());
  }

  @Test
  void importTdmrepJson_policyOffer_reportedReservationStands() {
    ImportResult r = tdm("[{\"location\": \"/\", \"tdm-reservation\": 1, "
        + "\"tdm-policy\": \"https://example.com/policy.json\"}]", "/");
    assertEquals(policy(deny(Purpose.AI)), r.policy().orElseThrow());
    assertEquals("/0/tdm-policy", r.report().get(0).pointer());
  }

  @Test
  void importTdmrepJson_malformed_errorWithPosition() {
    ImportResult r = tdm("[{\"location\": \"/\",, }]", "/");
    assertTrue(r.hasErrors());
    assertEquals(List.of("invalid-json"), codes(r));
    assertEquals("", r.report().get(0).pointer());
    assertNotNull(r.report().get(0).span());
  }

  @Test
  void importTdmrepJson_notAnArray_error() {
    assertEquals(List.of("malformed-input"), codes(tdm("{\"location\": \"/\"}", "/")));
  }

  @Test
  void importTdmrepHeaders_reserved_deniesAi() {
    ImportResult r = tdm("tdm-reservation: 1\ntdm-policy: https://example.com/p.json", "/");
    assertEquals(policy(deny(Purpose.AI)), r.policy().orElseThrow());
    assertEquals(1, count(r.report(), DiagnosticCode.NO_EQUIVALENT));
  }

  @Test
  void importTdmrepHeaders_notReserved_noTerms() {
    assertTrue(tdm("TDM-Reservation: 0", "/").policy().isEmpty());
  }

  @Test
  void importTdmrepHtml_metaTag_deniesAi() {
    String html = "<html><head><meta name=\"tdm-reservation\" content=\"1\">"
        + "<meta name='tdm-policy' content='https://example.com/p.json'></head></html>";
    assertEquals(policy(deny(Purpose.AI)), tdm(html, "/").policy().orElseThrow());
  }

  @Test
  void importTdmrepHtml_noMeta_noPreference() {
    assertEquals(List.of("no-preference"), codes(tdm("<html><head></head></html>", "/")));
  }
}
