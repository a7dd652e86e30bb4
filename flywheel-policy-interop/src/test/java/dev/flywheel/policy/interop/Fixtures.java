package dev.flywheel.policy.interop;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import dev.flywheel.policy.interop.TermsEvaluator.Verdict;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builders for expected terms and the expected decision per purpose. */
final class Fixtures {
  private Fixtures() {}

  static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

  static AllowClause allow(Purpose p, Condition... conditions) {
    return new AllowClause(List.of(p), List.of(conditions), TimeWindow.ALWAYS, null);
  }

  static DenyClause deny(Purpose p) {
    return new DenyClause(List.of(p), TimeWindow.ALWAYS, null);
  }

  static OnlyClause only(Purpose p) {
    return new OnlyClause(p, TimeWindow.ALWAYS, null);
  }

  static Condition attribution() {
    return new DutyCondition(Duty.Attribution.INSTANCE, null);
  }

  static Condition pay(String collective) {
    return new DutyCondition(new Duty.Payment(collective, null), null);
  }

  static Condition fact(Fact fact) {
    return new FactCondition(fact, null);
  }

  static Policy policy(Clause... clauses) {
    return Policy.of(clauses);
  }

  static List<String> codes(ImportResult result) {
    return ids(result.report());
  }

  static List<String> ids(List<Diagnostic> diagnostics) {
    List<String> ids = new ArrayList<>();
    diagnostics.forEach(d -> ids.add(d.code().id()));
    return ids;
  }

  static long count(List<Diagnostic> diagnostics, DiagnosticCode code) {
    return diagnostics.stream().filter(d -> d.code() == code).count();
  }

  /** The outcome per purpose under {@code policy}, no facts, at {@link #AT}. */
  static Map<Purpose, Outcome> outcomes(Policy policy) {
    Map<Purpose, Outcome> result = new java.util.EnumMap<>(Purpose.class);
    for (Purpose p : Purpose.values()) {
      result.put(p, TermsEvaluator.decide(policy, p, Set.of(), AT).outcome());
    }
    return result;
  }

  static Verdict verdict(Policy policy, Purpose purpose, Fact... facts) {
    return TermsEvaluator.decide(policy, purpose, Set.of(facts), AT);
  }
}
