package dev.flywheel.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.spi.EngineSettings;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TermsLimits;
import dev.flywheel.policy.terms.TimeWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiValuesTest {

  @Test
  void policyEquality_ignoresSpans() {
    Policy written = new Policy(
        List.of(new DenyClause(List.of(Purpose.TRAIN), TimeWindow.ALWAYS, new Span(0, 8, 1, 1))),
        new Span(0, 8, 1, 1));
    Policy byHand = Policy.of(new DenyClause(List.of(Purpose.TRAIN), TimeWindow.ALWAYS, null));
    assertEquals(byHand, written);
    assertEquals(byHand.hashCode(), written.hashCode());
  }

  @Test
  void policyEquality_seesClauseDifferences() {
    Policy deny = Policy.of(new DenyClause(List.of(Purpose.TRAIN), TimeWindow.ALWAYS, null));
    Policy allow = Policy.of(new AllowClause(List.of(Purpose.TRAIN), List.of(), TimeWindow.ALWAYS, null));
    assertFalse(deny.equals(allow));
  }

  @Test
  void timeWindow_fromInclusiveUntilExclusive() {
    Instant boundary = Instant.parse("2027-01-01T00:00:00Z");
    TimeWindow until = new TimeWindow(null, boundary);
    TimeWindow from = new TimeWindow(boundary, null);
    assertTrue(until.contains(boundary.minusNanos(1)));
    assertFalse(until.contains(boundary));
    assertTrue(from.contains(boundary));
    assertFalse(from.contains(boundary.minusNanos(1)));
    assertThrows(IllegalArgumentException.class, () -> new TimeWindow(boundary, boundary));
  }

  @Test
  void parseResult_policyPresentExactlyWithoutErrors() {
    Policy policy = Policy.of(new DenyClause(List.of(Purpose.TRAIN), TimeWindow.ALWAYS, null));
    Diagnostic error = Diagnostic.of(DiagnosticCode.UNKNOWN_WORD, "unknown word 'x'");
    Diagnostic warning = Diagnostic.of(DiagnosticCode.DUPLICATE_ENTRY, "duplicate");
    assertThrows(IllegalArgumentException.class, () -> new ParseResult(Optional.of(policy), List.of(error)));
    assertThrows(IllegalArgumentException.class, () -> new ParseResult(Optional.empty(), List.of(warning)));
    assertTrue(ParseResult.valid(policy, List.of(warning)).isValid());
    assertEquals(List.of(error), ParseResult.invalid(List.of(error, warning)).errors());
  }

  @Test
  void amount_normalisesScaleAndRejectsBadValues() {
    assertEquals(new Duty.Amount(new BigDecimal("0.0020"), "EUR"), new Duty.Amount(new BigDecimal("0.002"), "EUR"));
    assertEquals("10", new Duty.Amount(new BigDecimal("1E+1"), "USD").plainValue());
    assertThrows(IllegalArgumentException.class, () -> new Duty.Amount(new BigDecimal("-1"), "EUR"));
    assertThrows(IllegalArgumentException.class, () -> new Duty.Amount(BigDecimal.ONE, "eur"));
  }

  @Test
  void termsLimits_rejectNonPositiveAndHugeValues() {
    assertThrows(IllegalArgumentException.class, () -> new TermsLimits(0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new TermsLimits(1, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TermsLimits(TermsLimits.HARD_MAX_LENGTH + 1, 1, 1, 1));
    assertEquals(4096, TermsLimits.DEFAULTS.maxLength());
  }

  @Test
  void builder_rejectsBadSettingsAtOnce() {
    PolicyEngine.Builder builder = PolicyEngine.builder();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.maximumCacheSize(-1));
    assertTrue(e.getMessage().contains("maximumCacheSize"));
    assertThrows(NullPointerException.class, () -> builder.clock(null));
    assertEquals(DefaultDecision.DENY, builder.settings().defaultDecision());
  }

  @Test
  void builderMaximumCacheBytes_atAndPastItsBounds_acceptedOrRejectedAtOnce() {
    PolicyEngine.Builder builder = PolicyEngine.builder();
    assertEquals(64L << 20, builder.settings().maximumCacheBytes());
    assertEquals(0, builder.maximumCacheBytes(0).settings().maximumCacheBytes());
    assertEquals(PolicyEngine.Builder.MAX_MAXIMUM_CACHE_BYTES,
        builder.maximumCacheBytes(PolicyEngine.Builder.MAX_MAXIMUM_CACHE_BYTES).settings().maximumCacheBytes());
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> builder.maximumCacheBytes(-1));
    assertTrue(negative.getMessage().contains("maximumCacheBytes"));
    assertThrows(IllegalArgumentException.class,
        () -> builder.maximumCacheBytes(PolicyEngine.Builder.MAX_MAXIMUM_CACHE_BYTES + 1));
    assertThrows(IllegalArgumentException.class, () -> new EngineSettings(1, -1, DefaultDecision.DENY,
        java.time.Clock.systemUTC(), Runnable::run, TermsLimits.DEFAULTS));
  }

  @Test
  void obligationDecision_isAllowedOnlyWhenHonoured() {
    List<Duty> duties = List.of(Duty.Attribution.INSTANCE);
    assertFalse(new Decision.Obligation(duties, Decision.Basis.EXPLICIT, List.of(), false).isAllowed());
    assertTrue(new Decision.Obligation(duties, Decision.Basis.EXPLICIT, List.of(), true).isAllowed());
    assertThrows(IllegalArgumentException.class,
        () -> new Decision.Obligation(duties, Decision.Basis.ERROR, List.of(), true));
    assertThrows(IllegalArgumentException.class,
        () -> new Decision.Allow(Decision.Basis.ERROR, List.of()));
  }

  @Test
  void request_copiesItsSets() {
    Request request = Request.of(Purpose.TRAIN).withFacts(Fact.OPEN_WEIGHTS).honouring(ObligationType.PAYMENT);
    assertTrue(request.facts().contains(Fact.OPEN_WEIGHTS));
    assertThrows(UnsupportedOperationException.class, () -> request.facts().add(Fact.NONCOMMERCIAL));
    assertTrue(request.honoured().contains(ObligationType.PAYMENT));
  }
}
