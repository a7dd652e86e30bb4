package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The single-statement evaluation the exporters rely on, checked against the language's examples. */
class TermsEvaluatorTest {

  private static Policy parse(String terms) {
    return TermsParser.withDefaults().parse(terms).policy().orElseThrow();
  }

  private static Outcome outcome(String terms, Purpose purpose) {
    return TermsEvaluator.decide(parse(terms), purpose, Set.of(), AT).outcome();
  }

  @Test
  void decide_evalOnly_allowsEvalDeniesTrain() {
    assertEquals(Outcome.ALLOW, outcome("eval-only", Purpose.EVAL));
    assertEquals(Outcome.DENY, outcome("eval-only", Purpose.TRAIN));
    assertEquals(Outcome.DENY, outcome("eval-only", Purpose.SEARCH));
  }

  @Test
  void decide_evalOnlyAndDenyEval_denies() {
    assertEquals(Outcome.DENY, outcome("eval-only; deny eval", Purpose.EVAL));
  }

  @Test
  void decide_trainIfAttribution_obligationForTrainNothingForEval() {
    var v = TermsEvaluator.decide(parse("train if attribution"), Purpose.TRAIN, Set.of(), AT);
    assertEquals(Outcome.OBLIGATION, v.outcome());
    assertEquals(List.of(Duty.Attribution.INSTANCE), v.duties());
    assertEquals(Outcome.NONE, outcome("train if attribution", Purpose.EVAL));
  }

  @Test
  void decide_standalonePayment_obligationEverywhere() {
    var v = TermsEvaluator.decide(parse("pay collective masakhane"), Purpose.SEARCH, Set.of(), AT);
    assertEquals(Outcome.OBLIGATION, v.outcome());
    assertEquals(List.of(new Duty.Payment("masakhane", null)), v.duties());
  }

  @Test
  void decide_allowAndDenySameLevel_denies() {
    assertEquals(Outcome.DENY, outcome("allow train; deny train", Purpose.TRAIN));
  }

  @Test
  void decide_moreSpecificLevel_wins() {
    assertEquals(Outcome.ALLOW, outcome("deny ai; allow eval", Purpose.EVAL));
    assertEquals(Outcome.DENY, outcome("deny ai; allow eval", Purpose.TRAIN));
  }

  @Test
  void decide_missingFact_deniesWithWouldAllow() {
    var v = TermsEvaluator.decide(parse("train if open-weights"), Purpose.TRAIN, Set.of(), AT);
    assertEquals(Outcome.DENY, v.outcome());
    assertEquals(List.of(Fact.OPEN_WEIGHTS), v.wouldAllowWith());
    assertEquals(Outcome.ALLOW,
        TermsEvaluator.decide(parse("train if open-weights"), Purpose.TRAIN, Set.of(Fact.OPEN_WEIGHTS), AT)
            .outcome());
  }

  @Test
  void decide_untilBoundary_exclusive() {
    Policy p = parse("deny train until 2027-01-01; allow train");
    assertEquals(Outcome.DENY,
        TermsEvaluator.decide(p, Purpose.TRAIN, Set.of(), Instant.parse("2026-12-31T23:59:59Z")).outcome());
    assertEquals(Outcome.ALLOW,
        TermsEvaluator.decide(p, Purpose.TRAIN, Set.of(), Instant.parse("2027-01-01T00:00:00Z")).outcome());
  }

  @Test
  void decide_dutiesOrdered_attributionThenPaymentsByCollective() {
    var v = TermsEvaluator.decide(parse("allow train if pay collective zeta and attribution; pay collective alpha"),
        Purpose.TRAIN, Set.of(), AT);
    assertEquals(List.of(Duty.Attribution.INSTANCE, new Duty.Payment("alpha", null), new Duty.Payment("zeta", null)),
        v.duties());
  }
}
