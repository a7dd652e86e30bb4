package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpubPackageImportTest {

  private static String opf(String metadata) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\"\n"
        + "    prefix=\"tdm: http://www.w3.org/ns/tdmrep#\">\n"
        + "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        + "    <dc:identifier id=\"id\">urn:isbn:9780000000000</dc:identifier>\n"
        + metadata + "\n  </metadata>\n  <manifest/>\n  <spine/>\n</package>\n";
  }

  private static ImportResult tdm(String input) {
    return Interop.importFrom(ImportFormat.TDMREP, input);
  }

  @Test
  void review17_epubPackage_reservationMeta_deniesAi() {
    ImportResult r = tdm(opf("    <meta property=\"tdm:reservation\">1</meta>"));
    assertEquals(policy(deny(Purpose.AI)), r.policy().orElseThrow());
  }

  @Test
  void review17_epubPackage_policyMeta_reportedAtItsReservation() {
    ImportResult r = tdm(opf("    <meta property=\"tdm:reservation\">1</meta>\n"
        + "    <meta property=\"tdm:policy\">https://example.com/policy.json</meta>"));
    assertEquals("deny ai", r.terms().orElseThrow());
    Diagnostic d = r.report().stream().filter(x -> x.code() == DiagnosticCode.NO_EQUIVALENT).findFirst()
        .orElseThrow();
    assertEquals(6, d.span().line());
    assertEquals(5, d.span().column());
  }

  @Test
  void review17_epubPackage_notReserved_noTerms() {
    ImportResult r = tdm(opf("    <meta property=\"tdm:reservation\">0</meta>"));
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("no-equivalent", "no-preference"), codes(r));
  }

  @Test
  void review17_epubPackage_epub2NameContentForm_deniesAi() {
    ImportResult r = tdm(opf("    <meta name=\"tdm:reservation\" content=\"1\"/>"));
    assertEquals("deny ai", r.terms().orElseThrow());
  }

  @Test
  void review17_epubPackage_laterZeroNeverErasesReservation() {
    ImportResult r = tdm(opf("    <meta property=\"tdm:reservation\">1</meta>\n"
        + "    <meta property=\"tdm:reservation\">0</meta>"));
    assertEquals("deny ai", r.terms().orElseThrow());
    assertTrue(codes(r).contains("duplicate-label"));
  }

  @Test
  void review17_epubPackage_otherValue_unset() {
    ImportResult r = tdm(opf("    <meta property=\"tdm:reservation\">yes</meta>"));
    assertTrue(r.policy().isEmpty());
    assertEquals(DiagnosticCode.MALFORMED_SIGNAL, r.report().get(0).code());
  }

  @Test
  void review17_epubPackage_noTdmMetadata_noPreference() {
    assertEquals(List.of("no-preference"), codes(tdm(opf("    <dc:title>A book</dc:title>"))));
  }

  @Test
  void review17_epubPackage_metaOutsideOpfNamespace_notRead() {
    ImportResult r = tdm(opf("    <x:meta xmlns:x=\"urn:other\" property=\"tdm:reservation\">0</x:meta>"));
    assertEquals(List.of("no-preference"), codes(r));
  }

  @Test
  void review17_epubPackage_doctype_refused() {
    String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE package [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        + "<package xmlns=\"http://www.idpf.org/2007/opf\"><metadata><meta property=\"tdm:reservation\">&x;</meta>"
        + "</metadata></package>";
    assertEquals(List.of("forbidden-xml"), codes(tdm(xml)));
  }

  @Test
  void review17_epubPackage_malformed_errorWithPosition() {
    ImportResult r = tdm("<package xmlns=\"http://www.idpf.org/2007/opf\">\n<metadata>\n</package>");
    assertEquals(List.of("malformed-xml"), codes(r));
    assertEquals(3, r.report().get(0).span().line());
  }

  @Test
  void review17_epubPackage_wrongNamespace_error() {
    ImportResult r = tdm("<package><metadata><meta property=\"tdm:reservation\">0</meta></metadata></package>");
    assertEquals(List.of("malformed-xml"), codes(r));
  }

  @Test
  void review17_epubPackage_byteOrderMark_skipped() {
    assertEquals("deny ai", tdm("\uFEFF" + opf("    <meta property=\"tdm:reservation\">1</meta>")).terms()
        .orElseThrow());
  }
}
