package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Exports say what they lose: whatever a round trip through the signal changes is in the report. */
class ExportProperties {

  private static final List<Purpose> REQUESTED =
      List.of(Purpose.TRAIN, Purpose.TRAIN_GENAI, Purpose.EVAL, Purpose.INPUT, Purpose.SEARCH);

  @Provide
  Arbitrary<String> terms() {
    Arbitrary<String> purpose = Arbitraries.of("any", "ai", "train", "train-genai", "eval", "input", "search");
    Arbitrary<String> window = Arbitraries.of("", " until 2027-01-01", " from 2026-01-01");
    Arbitrary<String> condition = Arbitraries.of("attribution", "open-weights", "pay collective masakhane");
    Arbitrary<String> clause = Arbitraries.oneOf(
        purpose.map(p -> "allow " + p),
        purpose.map(p -> "deny " + p),
        purpose.map(p -> p + "-only"),
        Combinators.combine(purpose, condition).as((p, c) -> "allow " + p + " if " + c));
    Arbitrary<String> withWindow = Combinators.combine(clause, window).as((c, w) -> c + w);
    return withWindow.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("; ", l));
  }

  /**
   * For every requested purpose whose decision differs, at some instant, between the terms and the exported value
   * imported back, the report names that purpose.
   */
  @Property(tries = 400)
  void review16_exportThenImport_everyChangedPurposeReported(
      @ForAll("terms") String text, @ForAll ExportFormat format) {
    Optional<Policy> parsed = TermsParser.withDefaults().parse(text).policy();
    if (parsed.isEmpty()) {
      return; // conflicting -only clauses and the like: not terms to export
    }
    Policy policy = parsed.get();
    ExportResult exported = Interop.exportTo(format, policy);
    ImportResult back = Interop.importFrom(
        format == ExportFormat.AIPREF ? ImportFormat.AIPREF : ImportFormat.CONTENT_SIGNAL, exported.value());
    for (Purpose p : REQUESTED) {
      for (Instant at : Exporter.sampleInstants(policy)) {
        Outcome original = TermsEvaluator.decide(policy, p, Set.of(), at).outcome();
        Outcome reimported = back.policy().isEmpty() ? Outcome.NONE
            : TermsEvaluator.decide(back.policy().get(), p, Set.of(), at).outcome();
        if (original != reimported) {
          String word = "'" + p.word() + "'";
          assertTrue(exported.report().stream().anyMatch(d -> d.message().contains(word)),
              text + " -> " + exported.value() + ": " + p.word() + " is " + original + " but " + reimported
                  + " after re-import at " + at + ", unreported: " + exported.report());
        }
      }
    }
  }
}
