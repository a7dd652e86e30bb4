package dev.flywheel.policy.engine.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The examples of LANGUAGE.md section 10, decided by the main-code semantics straight from the parsed tree. */
class SemanticsExamplesTest {
  private static final TermsParser PARSER = TermsParser.withDefaults();
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final Decision DENY_DEFAULT = Semantics.defaultDecision(DefaultDecision.DENY);

  private static String decide(String terms, Purpose purpose, Fact... facts) {
    return summary(Semantics.decide(PARSER.parse(terms), Request.of(purpose).withFacts(facts).at(NOW), NOW,
        DENY_DEFAULT, TermsPrinter::print));
  }

  private static String summary(Decision d) {
    String duties = d.obligations().stream().map(x -> x.type().word()).collect(Collectors.joining(","));
    List<Fact> wouldAllowWith = d instanceof Decision.Deny deny ? deny.wouldAllowWith() : List.of();
    String missing = wouldAllowWith.stream().map(Fact::word).collect(Collectors.joining(","));
    return d.kind().name().toLowerCase(Locale.ROOT) + " " + d.basis().name().toLowerCase(Locale.ROOT)
        + (duties.isEmpty() ? "" : " [" + duties + "]") + (missing.isEmpty() ? "" : " with " + missing);
  }

  @Test
  void decide_rule2MostSpecificLevel_countsAlone() {
    assertEquals("allow explicit", decide("deny ai; allow eval", Purpose.EVAL));
    assertEquals("deny explicit", decide("allow ai; deny train", Purpose.TRAIN_GENAI));
    assertEquals("allow explicit", decide("allow ai, train; deny ai", Purpose.TRAIN));
    assertEquals("deny explicit", decide("allow ai, train; deny ai", Purpose.EVAL));
  }

  @Test
  void decide_rule3DenyAndAllowSameLevel_deniesAndMissingFactsAreNamed() {
    assertEquals("deny explicit", decide("allow train; deny train", Purpose.TRAIN));
    assertEquals("deny explicit with open-weights", decide("train if open-weights", Purpose.TRAIN));
    assertEquals("deny explicit with noncommercial",
        decide("train if open-weights and noncommercial; train if noncommercial", Purpose.TRAIN));
    assertEquals("obligation explicit [attribution]",
        decide("allow train; allow train if attribution", Purpose.TRAIN));
  }

  @Test
  void decide_rule4OnlyClause_deniesOutsideAndMeetsOthersInside() {
    assertEquals("deny explicit", decide("eval-only; allow train", Purpose.TRAIN));
    assertEquals("deny explicit", decide("eval-only; deny eval", Purpose.EVAL));
    assertEquals("allow explicit", decide("ai-only; train-only", Purpose.TRAIN));
    assertEquals("deny explicit", decide("ai-only; train-only", Purpose.EVAL));
  }

  @Test
  void decide_rules5And6StandaloneDutyAndNothingCovering_allowSubjectToDutyOrDefault() {
    assertEquals("obligation explicit [attribution]", decide("eval-only; attribution", Purpose.EVAL));
    assertEquals("obligation explicit [attribution]", decide("attribution; deny train", Purpose.EVAL));
    assertEquals("deny explicit", decide("attribution; deny train", Purpose.TRAIN));
    assertEquals("deny default", decide("train if attribution", Purpose.EVAL));
  }

  @Test
  void decide_rule7InvalidTerms_deniesWithBasisError() {
    assertEquals("deny error", decide("trian", Purpose.TRAIN));
  }

  @Test
  void decide_rule8UntilExclusive_deniesBeforeAndAllowsAtTheInstant() {
    String terms = "deny train until 2027-01-01; allow train";
    Instant before = Instant.parse("2026-12-31T23:59:59.999Z");
    Instant at = Instant.parse("2027-01-01T00:00:00Z");
    assertEquals("deny explicit", summary(Semantics.decide(
        PARSER.parse(terms), Request.of(Purpose.TRAIN).at(before), before, DENY_DEFAULT, TermsPrinter::print)));
    assertEquals("allow explicit", summary(Semantics.decide(
        PARSER.parse(terms), Request.of(Purpose.TRAIN).at(at), at, DENY_DEFAULT, TermsPrinter::print)));
  }

  @Test
  void decide_rules9And10ContributorDenyOnCcBy_licenceFloorGivesAttributionAfterRelease() {
    ItemTerms item = ItemTerms.builder().terms("deny ai").licence("CC-BY-4.0")
        .releasedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    Instant after = Instant.parse("2026-06-01T00:00:00Z");
    Instant before = Instant.parse("2025-12-31T00:00:00Z");
    assertEquals("obligation explicit [attribution]", summary(Semantics.decide(
        item, Request.of(Purpose.TRAIN).at(after), after, DENY_DEFAULT, PARSER::parse, TermsPrinter::print)));
    assertEquals("deny explicit", summary(Semantics.decide(item, Request.of(Purpose.TRAIN).at(before), before,
        DENY_DEFAULT, PARSER::parse, TermsPrinter::print)));
    assertEquals(List.of(), Semantics.decide(item, Request.of(Purpose.TRAIN).at(before), before, DENY_DEFAULT,
        PARSER::parse, TermsPrinter::print).obligations());
  }
}
