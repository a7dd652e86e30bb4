package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class AiprefImportTest {

  private static ImportResult aipref(String input) {
    return Interop.importFrom(ImportFormat.AIPREF, input);
  }

  @Test
  void importAipref_trainAllowedSearchDisallowed_allowsGenaiDeniesSearch() {
    ImportResult r = aipref("train-ai=y, search=n");
    assertEquals(policy(allow(Purpose.TRAIN_GENAI), deny(Purpose.SEARCH)), r.policy().orElseThrow());
    assertEquals("allow train-genai; deny search", r.terms().orElseThrow());
    var outcomes = outcomes(r.policy().get());
    assertEquals(Outcome.ALLOW, outcomes.get(Purpose.TRAIN_GENAI));
    assertEquals(Outcome.DENY, outcomes.get(Purpose.SEARCH));
    assertEquals(Outcome.NONE, outcomes.get(Purpose.EVAL));
    assertEquals(Outcome.NONE, outcomes.get(Purpose.TRAIN));
    assertEquals(List.of("unknown-category"), codes(r));
    assertTrue(r.report().get(0).message().contains("train, eval, input"), r.report().get(0).message());
  }

  @Test
  void importAipref_trainDeniedSearchAllowed_deniesGenaiAllowsSearchAndReportsUnknown() {
    ImportResult r = aipref("train-ai=n, search=y");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI), allow(Purpose.SEARCH)), r.policy().orElseThrow());
    assertEquals("deny train-genai; allow search", r.terms().orElseThrow());
    var outcomes = outcomes(r.policy().get());
    assertEquals(Outcome.DENY, outcomes.get(Purpose.TRAIN_GENAI));
    assertEquals(Outcome.ALLOW, outcomes.get(Purpose.SEARCH));
    assertEquals(Outcome.NONE, outcomes.get(Purpose.INPUT));
    assertEquals(List.of("unknown-category"), codes(r));
  }

  @Test
  void importAipref_orderOfMembers_doesNotChangeTerms() {
    assertEquals(aipref("search=y, train-ai=n").policy(), aipref("train-ai=n, search=y").policy());
  }

  @Test
  void importAipref_duplicatesBooleanAndString_everythingUnknown() {
    ImportResult r = aipref("train-ai=y, train-ai, search=n, search=\"n\"");
    assertTrue(r.policy().isEmpty());
    assertFalse(r.hasErrors());
    assertEquals(2, count(r.report(), DiagnosticCode.DUPLICATE_LABEL));
    assertEquals(2, count(r.report(), DiagnosticCode.MALFORMED_SIGNAL));
    assertEquals(1, count(r.report(), DiagnosticCode.NO_PREFERENCE));
    Diagnostic dup = r.report().stream().filter(d -> d.code() == DiagnosticCode.DUPLICATE_LABEL).findFirst()
        .orElseThrow();
    assertEquals(12, dup.span().offset());
    assertEquals(8, dup.span().length());
    assertEquals(13, dup.span().column());
  }

  @Test
  void importAipref_parameters_ignoredAndReported() {
    ImportResult r = aipref("train-ai;allow=n, train-ai=y");
    assertEquals(policy(allow(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
    assertEquals(1, count(r.report(), DiagnosticCode.IGNORED_PARAMETER));
    assertEquals(1, count(r.report(), DiagnosticCode.DUPLICATE_LABEL));
    // The bare train-ai (boolean true) is not a token: reported too, then overridden by the last member.
    assertEquals(1, count(r.report(), DiagnosticCode.MALFORMED_SIGNAL));
  }

  @Test
  void importAipref_headerLine_readsValue() {
    ImportResult r = aipref("Content-Usage: train-ai=n");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
    assertEquals(Outcome.DENY, outcomes(r.policy().get()).get(Purpose.TRAIN_GENAI));
    assertEquals(Outcome.NONE, outcomes(r.policy().get()).get(Purpose.EVAL));
  }

  @Test
  void importAipref_headerNameAnyCase_readsValue() {
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), aipref("content-usage:train-ai=n").policy().orElseThrow());
  }

  @Test
  void importAipref_severalLines_anyRefusalWins() {
    ImportResult r = aipref("train-ai=y\nContent-Usage: train-ai=n, search=y");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI), allow(Purpose.SEARCH)), r.policy().orElseThrow());
  }

  @Test
  void importAipref_oldDraftLabels_unknownWithHint() {
    ImportResult r = aipref("bots=n, infer-user=y, infer-system=n, search=y");
    assertEquals(policy(allow(Purpose.SEARCH)), r.policy().orElseThrow());
    assertEquals(3, count(r.report(), DiagnosticCode.UNKNOWN_LABEL));
    assertTrue(r.report().get(0).help().contains("earlier AIPREF draft"));
  }

  @Test
  void importAipref_oldCcLabels_refusalsHonouredAllowsGrantNothing() {
    ImportResult refusals = aipref("ai-use=n, train-genai=n, search=y");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI), deny(Purpose.INPUT), allow(Purpose.SEARCH)),
        refusals.policy().orElseThrow());
    assertEquals(2, count(refusals.report(), DiagnosticCode.APPROXIMATE_MAPPING));
    ImportResult allows = aipref("ai-use=y, train-genai=y");
    assertTrue(allows.policy().isEmpty());
    assertEquals(2, count(allows.report(), DiagnosticCode.UNKNOWN_LABEL));
  }

  @Test
  void review14_aiprefUnparseable_warningNoTermsNoError() {
    ImportResult r = aipref("train-ai = y");
    assertTrue(r.policy().isEmpty());
    assertFalse(r.hasErrors());
    assertEquals(List.of("malformed-signal", "no-preference"), codes(r));
    assertEquals(9, r.report().get(0).span().offset());
  }

  @Test
  void review14_aiprefUnparseableForms_eachUnknownNeverAnError() {
    for (String value : List.of("Train-AI=y", "train-ai=y,", ",train-ai=y", "train-ai=y,,search=y",
        "train-ai=y search=n", "train-ai=y, x=\"open", "train-ai=y, x=(1 2", "train-ai=y;")) {
      ImportResult r = aipref(value);
      assertTrue(r.policy().isEmpty(), value);
      assertFalse(r.hasErrors(), value);
      assertEquals(1, count(r.report(), DiagnosticCode.MALFORMED_SIGNAL), value);
    }
  }

  @Test
  void importAipref_empty_noPreferenceWarning() {
    ImportResult r = aipref("  ");
    assertFalse(r.hasErrors());
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("no-preference"), codes(r));
  }

  @Test
  void review09_aiprefMegabyteOfDuplicateKeys_reportCappedAndNoTerms() {
    // 1 MiB of one key repeated. What this asserts is the result; that it comes in linear time is measured by
    // ImportBenchmark (the same input took 8 to 14 s when the import was quadratic).
    String value = "train-ai=n, ".repeat((Interop.MAX_INPUT_LENGTH - 10) / 12) + "search=n";
    ImportResult r = aipref(value);
    // Each duplicate is reported; past the cap the report ends and, failing closed, there are no terms.
    assertTrue(r.policy().isEmpty());
    assertEquals(Interop.MAX_DIAGNOSTICS + 1, r.report().size());
    assertEquals(DiagnosticCode.DUPLICATE_LABEL, r.report().get(0).code());
    assertEquals(DiagnosticCode.TOO_MANY_DIAGNOSTICS, r.report().get(Interop.MAX_DIAGNOSTICS).code());
    // Below the cap the same shape gives its terms: the last duplicate wins.
    String few = "train-ai=y, ".repeat(40) + "train-ai=n, search=n";
    assertEquals(policy(deny(Purpose.TRAIN_GENAI), deny(Purpose.SEARCH)), aipref(few).policy().orElseThrow());
  }

  @Test
  void review09_aiprefMegabyteOfDistinctKeysAndItems_reportCappedAndNoTerms() {
    StringBuilder distinct = new StringBuilder("search=n");
    for (int i = 0; distinct.length() < Interop.MAX_INPUT_LENGTH - 16; i++) {
      distinct.append(", k").append(i).append("=(a b c)");
    }
    ImportResult r = aipref(distinct.toString());
    // Every unknown label is reported: past the cap the report ends and, failing closed, there are no terms.
    assertTrue(r.policy().isEmpty());
    assertEquals(DiagnosticCode.TOO_MANY_DIAGNOSTICS, r.report().get(Interop.MAX_DIAGNOSTICS).code());
  }

  @Test
  void review09_aiprefMemberPastLengthLimit_errorNoTerms() {
    String atLimit = "x=(" + "a ".repeat((Aipref.MAX_MEMBER_LENGTH - 4) / 2) + ")";
    assertTrue(atLimit.length() <= Aipref.MAX_MEMBER_LENGTH);
    ImportResult ok = aipref("train-ai=n, " + atLimit);
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), ok.policy().orElseThrow());
    String past = "x=(" + "a ".repeat(Aipref.MAX_MEMBER_LENGTH) + ")";
    ImportResult r = aipref("train-ai=y, " + past);
    assertTrue(r.policy().isEmpty());
    assertTrue(r.hasErrors());
    assertEquals(List.of("input-too-long"), codes(r));
    assertEquals(12, r.report().get(0).span().offset());
  }

  @Test
  void importAipref_oneBadLineAmongGood_warnsAndKeepsTheRest() {
    ImportResult r = aipref("train-ai=n\nsearch = y");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
    assertEquals(1, count(r.report(), DiagnosticCode.MALFORMED_SIGNAL));
    assertEquals(2, r.report().stream().filter(d -> d.code() == DiagnosticCode.MALFORMED_SIGNAL)
        .findFirst().orElseThrow().span().line());
  }

  @Test
  void importAipref_stringWithComma_isOneMember() {
    ImportResult r = aipref("x=\"a, b\", train-ai=n");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
    assertEquals(1, count(r.report(), DiagnosticCode.UNKNOWN_LABEL));
  }

  @Test
  void importAipref_nonAsciiInString_isAParseFailure() {
    // RFC 9651 strings are printable ASCII only.
    ImportResult r = aipref("x=\"\u00e9\", train-ai=n");
    assertTrue(r.policy().isEmpty());
    assertEquals(DiagnosticCode.MALFORMED_SIGNAL, r.report().get(0).code());
    assertEquals(3, r.report().get(0).span().offset());
  }

  @Test
  void review02_ccAiUse_neverGrantsTrain() {
    ImportResult r = aipref("ai-use=n;exceptions=cc-cr");
    assertEquals(policy(allow(Purpose.INPUT, attribution())), r.policy().orElseThrow());
    assertEquals("allow input if attribution", r.terms().orElseThrow());
    var v = verdict(r.policy().get(), Purpose.INPUT);
    assertEquals(Outcome.OBLIGATION, v.outcome());
    assertEquals(List.of(Duty.Attribution.INSTANCE), v.duties());
    var outcomes = outcomes(r.policy().get());
    for (Purpose p : List.of(Purpose.AI, Purpose.TRAIN, Purpose.TRAIN_GENAI, Purpose.EVAL, Purpose.SEARCH)) {
      assertEquals(Outcome.NONE, outcomes.get(p), p.word());
    }
    for (String signal : List.of("cc-cr-dc", "cc-cr-ec", "cc-cr-op")) {
      ImportResult other = aipref("ai-use=n;exceptions=" + signal);
      assertEquals(Outcome.NONE, outcomes(other.policy().orElseThrow()).get(Purpose.TRAIN), signal);
    }
  }

  @Test
  void review02_trainAiAllowedTrainGenaiRefused_refusalWins() {
    ImportResult r = aipref("train-ai=y, train-genai=n");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
    assertEquals(Outcome.DENY, outcomes(r.policy().get()).get(Purpose.TRAIN_GENAI));
    assertEquals(policy(deny(Purpose.INPUT)), aipref("ai-use=n\nai-use=y;exceptions=cc-cr").policy().orElseThrow());
  }

  @Test
  void review02_ccExceptionsNotExactToken_refusalStands() {
    for (String exceptions : List.of("CC-CR", "Cc-cr", "\"cc-cr\"", "cc-xx", "?1", "1.5")) {
      ImportResult r = aipref("train-ai=n;exceptions=" + exceptions);
      assertTrue(r.policy().isPresent(), exceptions + ": " + r.report());
      assertEquals(policy(deny(Purpose.TRAIN_GENAI)), r.policy().orElseThrow(), exceptions);
      assertTrue(r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.MALFORMED_SIGNAL
          && d.message().contains("refusal stands")), exceptions + ": " + r.report());
    }
  }

  @Test
  void importCcSignal_ecosystemContribution_paysPlaceholderCollective() {
    ImportResult r = aipref("train-genai=n;exceptions=cc-cr-ec");
    assertEquals(policy(allow(Purpose.TRAIN_GENAI, attribution(), pay(ImportOptions.DEFAULT_ECOSYSTEM_COLLECTIVE))),
        r.policy().orElseThrow());
    assertEquals("allow train-genai if attribution and pay collective ai-ecosystem", r.terms().orElseThrow());
    // One for the placeholder payee, one for reading the pre -07 label 'train-genai' as CC signals do.
    assertEquals(2, count(r.report(), DiagnosticCode.APPROXIMATE_MAPPING));
    assertTrue(r.report().stream().anyMatch(d -> d.message().contains("'ai-ecosystem'")));
    var v = verdict(r.policy().get(), Purpose.TRAIN_GENAI);
    assertEquals(List.of(Duty.Attribution.INSTANCE, new Duty.Payment("ai-ecosystem", null)), v.duties());
  }

  @Test
  void importCcSignal_directContribution_paysCollectiveFromOptions() {
    ImportOptions options = ImportOptions.DEFAULTS.withCollectives("masakhane", "x", "y");
    ImportResult r = Interop.importFrom(ImportFormat.AIPREF, "ai-use=n;exceptions=cc-cr-dc", options);
    assertEquals(policy(allow(Purpose.INPUT, attribution(), pay("masakhane"))), r.policy().orElseThrow());
  }

  @Test
  void importCcSignal_open_requiresOpenWeights() {
    ImportResult r = aipref("train-ai=n;exceptions=cc-cr-op");
    assertEquals(policy(allow(Purpose.TRAIN_GENAI, attribution(), fact(Fact.OPEN_WEIGHTS))),
        r.policy().orElseThrow());
    assertEquals("allow train-genai if attribution and open-weights", r.terms().orElseThrow());
    var without = verdict(r.policy().get(), Purpose.TRAIN_GENAI);
    assertEquals(Outcome.DENY, without.outcome());
    assertEquals(List.of(Fact.OPEN_WEIGHTS), without.wouldAllowWith());
    assertEquals(Outcome.OBLIGATION, verdict(r.policy().get(), Purpose.TRAIN_GENAI, Fact.OPEN_WEIGHTS).outcome());
  }

  @Test
  void importCcSignal_unknownSignal_refusalStands() {
    ImportResult r = aipref("ai-use=n;exceptions=cc-xx");
    assertEquals(policy(deny(Purpose.INPUT)), r.policy().orElseThrow());
    assertEquals(1, count(r.report(), DiagnosticCode.MALFORMED_SIGNAL));
  }

  @Test
  void importCcSignal_twoConditionalRefusalsOfOnePurpose_bothConditionsRequired() {
    ImportResult r = aipref("train-ai=n;exceptions=cc-cr-ec\ntrain-ai=n;exceptions=cc-cr-op");
    assertEquals(policy(allow(Purpose.TRAIN_GENAI, attribution(), pay(ImportOptions.DEFAULT_ECOSYSTEM_COLLECTIVE),
        fact(Fact.OPEN_WEIGHTS))), r.policy().orElseThrow());
  }

  @Test
  void importCcSignal_refusalWinsOverCondition() {
    ImportResult r = aipref("train-ai=n, train-genai=n;exceptions=cc-cr");
    assertEquals(policy(deny(Purpose.TRAIN_GENAI)), r.policy().orElseThrow());
  }

  @Test
  void importAipref_manyUnknownLabels_reportCappedAndNoTerms() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      sb.append("x").append(i).append("=y, ");
    }
    sb.append("search=y");
    ImportResult r = aipref(sb.toString());
    assertEquals(Interop.MAX_DIAGNOSTICS + 1, r.report().size());
    assertEquals(DiagnosticCode.TOO_MANY_DIAGNOSTICS, r.report().get(Interop.MAX_DIAGNOSTICS).code());
    // Fail closed: a signal with more problems than the cap gives no terms.
    assertTrue(r.policy().isEmpty());
    assertTrue(r.hasErrors());
  }

  @Test
  void importFrom_inputPastLimit_refused() {
    String atLimit = "search=y" + " ".repeat(Interop.MAX_INPUT_LENGTH - 8);
    assertEquals(policy(allow(Purpose.SEARCH)), aipref(atLimit).policy().orElseThrow());
    ImportResult past = aipref(atLimit + " ");
    assertTrue(past.policy().isEmpty());
    assertEquals(List.of("input-too-long"), codes(past));
  }

  @Test
  void importOptions_invalidCollectiveName_rejected() {
    assertThrows(IllegalArgumentException.class,
        () -> ImportOptions.DEFAULTS.withCollectives("x".repeat(200), "y", "z"));
    assertThrows(IllegalArgumentException.class,
        () -> ImportOptions.DEFAULTS.withCollectives("bad\u0000name", "y", "z"));
    assertEquals("Te Hiku Media",
        ImportOptions.DEFAULTS.withCollectives("Te Hiku Media", "y", "z").directCollective());
  }

  @Test
  void review09_aiprefMegabyteOfStatements_headerNameSearchedPerLine() {
    String text = "train-ai=n\n".repeat((Interop.MAX_INPUT_LENGTH - 40) / 11) + "Content-Usage: search=y";
    ImportResult r = aipref(text);
    assertEquals(policy(deny(Purpose.TRAIN_GENAI), allow(Purpose.SEARCH)), r.policy().orElseThrow());
  }
}
