package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.terms.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportTest {

  private static Policy parse(String terms) {
    return TermsParser.withDefaults().parse(terms).policy().orElseThrow();
  }

  private static ExportResult aipref(String terms) {
    return Interop.exportTo(ExportFormat.AIPREF, parse(terms));
  }

  private static ExportResult signal(String terms) {
    return Interop.exportTo(ExportFormat.CONTENT_SIGNAL, parse(terms));
  }

  @Test
  void exportAipref_evalOnly_deniesOthersAndReportsEvalLost() {
    ExportResult r = aipref("eval-only");
    assertEquals("train-ai=n, search=n", r.value());
    assertEquals("Content-Usage: train-ai=n, search=n", r.line());
    assertTrue(r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.NO_EQUIVALENT
        && d.message().contains("'eval'")));
  }

  @Test
  void exportContentSignal_evalOnly_deniesAllThreeAndReportsEvalLost() {
    ExportResult r = signal("eval-only");
    assertEquals("search=no, ai-input=no, ai-train=no", r.value());
    assertEquals(List.of("no-equivalent"), ids(r.report()));
  }

  @Test
  void review16_exportAiprefDenyTrain_reportsTrainLost() {
    ExportResult r = aipref("deny train");
    assertEquals("train-ai=n", r.value());
    assertEquals(List.of("no-equivalent"), ids(r.report()));
    assertTrue(r.report().get(0).message().contains("'train'"), r.report().get(0).message());
    // Imported back, train-ai=n refuses generative training only: 'train' is left to the default, as reported.
    ImportResult back = Interop.importFrom(ImportFormat.AIPREF, r.value());
    assertEquals(Outcome.NONE, outcomes(back.policy().orElseThrow()).get(Purpose.TRAIN));
    assertEquals(Outcome.DENY, outcomes(parse("deny train")).get(Purpose.TRAIN));
  }

  @Test
  void exportAipref_denyGenerativeTrainingOnly_nothingLost() {
    ExportResult r = aipref("deny train-genai");
    assertEquals("train-ai=n", r.value());
    assertEquals(List.of(), ids(r.report()));
  }

  @Test
  void exportAipref_conditionalAllow_exportedAsRefusal() {
    ExportResult r = aipref("train if attribution");
    assertEquals("train-ai=n", r.value());
    assertEquals(1, count(r.report(), DiagnosticCode.LOSSY_EXPORT));
    assertTrue(r.report().get(0).message().contains("attribution"));
  }

  @Test
  void exportAipref_factCondition_exportedAsRefusal() {
    ExportResult r = aipref("allow train-genai if open-weights; allow search");
    assertEquals("train-ai=n, search=y", r.value());
    assertTrue(r.report().get(0).message().contains("open-weights"));
  }

  @Test
  void exportAipref_standalonePayment_neverAnAllow() {
    ExportResult r = aipref("pay collective masakhane");
    assertEquals("train-ai=n, search=n", r.value());
    assertTrue(count(r.report(), DiagnosticCode.LOSSY_EXPORT) >= 2);
  }

  @Test
  void exportAipref_timeWindow_reportedAndRestrictive() {
    ExportResult r = aipref("deny train until 2027-01-01; allow train");
    assertEquals("train-ai=n", r.value());
    assertTrue(r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.LOSSY_EXPORT
        && d.message().contains("over time")));
  }

  @Test
  void exportAipref_allowFromDate_notAnAllowBeforeIt() {
    assertEquals("search=n", aipref("allow search from 2027-01-01").value());
  }

  @Test
  void exportAipref_inputAndNonGenerativeTraining_reportedLost() {
    ExportResult r = aipref("deny train; allow train-genai; allow input");
    assertEquals("train-ai=y", r.value());
    assertEquals(2, count(r.report(), DiagnosticCode.NO_EQUIVALENT));
  }

  @Test
  void exportContentSignal_genaiOnlyDeny_widenedToAllTraining() {
    ExportResult r = signal("deny train-genai");
    assertEquals("ai-train=no", r.value());
    assertEquals(List.of("lossy-export"), ids(r.report()));
  }

  @Test
  void exportAipref_nothingCarried_emptyValue() {
    ExportResult r = aipref("allow eval");
    assertEquals("", r.value());
    assertTrue(ids(r.report()).contains("no-preference"));
    assertTrue(ids(r.report()).contains("no-equivalent"));
  }

  @Test
  void exportAipref_denyAiAllowSearch_exact() {
    ExportResult r = aipref("deny ai; allow search");
    assertEquals("train-ai=n, search=y", r.value());
  }

  /** Exact mappings survive export then import: the same terms come back. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "aipref|allow train-genai; deny search",
      "aipref|deny train-genai; allow search",
      "aipref|allow train-genai",
      "content-signal|deny train; allow input; allow search",
      "content-signal|allow train; deny search",
      "content-signal|deny input"})
  void exportThenImport_exactMapping_roundTrips(String format, String terms) {
    ExportResult exported = Interop.exportTo(ExportFormat.fromWord(format).orElseThrow(), parse(terms));
    assertFalse(ids(exported.report()).contains("lossy-export"), exported.report().toString());
    ImportResult back = Interop.importFrom(ImportFormat.fromWord(format).orElseThrow(), exported.value());
    assertEquals(terms, back.terms().orElseThrow());
    assertEquals(parse(terms), back.policy().orElseThrow());
  }

  /** Signals survive import then export unchanged when every key maps exactly. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "aipref|train-ai=n, search=y",
      "aipref|train-ai=y, search=n",
      "content-signal|search=yes, ai-input=no, ai-train=no"})
  void importThenExport_exactMapping_roundTrips(String format, String value) {
    ImportResult imported = Interop.importFrom(ImportFormat.fromWord(format).orElseThrow(), value);
    ExportResult exported =
        Interop.exportTo(ExportFormat.fromWord(format).orElseThrow(), imported.policy().orElseThrow());
    assertEquals(value, exported.value());
  }

  @Test
  void exportContentSignal_importedAipref_trainAiNotWidened() {
    // AIPREF train-ai=n is about generative training only: as Content-Signal it must not claim all training...
    ImportResult imported = Interop.importFrom(ImportFormat.AIPREF, "train-ai=n");
    ExportResult r = Interop.exportTo(ExportFormat.CONTENT_SIGNAL, imported.policy().orElseThrow());
    // ...so the export says no (never yes) and reports the widening.
    assertEquals("ai-train=no", r.value());
    assertEquals(List.of("lossy-export"), ids(r.report()));
  }
}
