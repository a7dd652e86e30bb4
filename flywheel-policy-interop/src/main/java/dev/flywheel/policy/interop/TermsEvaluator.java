package dev.flywheel.policy.interop;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one statement of terms says about one purpose at one instant, following the language's semantics (rules 1-5
 * of the "Semantics" section of docs/LANGUAGE.md) for a single statement with no layers, licence or default.
 *
 * <p>The exporters need to know whether terms give a purpose <em>unconditionally</em>; this is that question, asked
 * without the engine so that the interop module does not depend on it.
 */
final class TermsEvaluator {
  private TermsEvaluator() {}

  enum Outcome {
    /** Allowed with no duty. */
    ALLOW,
    /** Allowed only with duties (an obligation). */
    OBLIGATION,
    /** Refused: an explicit deny, an -only elsewhere, or allows whose facts do not hold. */
    DENY,
    /** Nothing in the statement covers the purpose. */
    NONE
  }

  /**
   * @param outcome the outcome
   * @param duties for an obligation, its duties in the engine's order (attribution, payments by collective, quotas)
   * @param wouldAllowWith for a deny by failed facts, the facts that would allow; empty otherwise
   */
  record Verdict(Outcome outcome, List<Duty> duties, List<Fact> wouldAllowWith) {}

  static Verdict decide(Policy policy, Purpose purpose, Set<Fact> facts, Instant at) {
    List<Clause> active = new ArrayList<>();
    List<Duty> standalone = new ArrayList<>();
    for (Clause c : policy.clauses()) {
      if (c.window().contains(at)) {
        active.add(c);
        if (c instanceof DutyClause d) {
          standalone.add(d.duty());
        }
      }
    }
    // Rule 4: an active P-only denies every purpose outside P.
    for (Clause c : active) {
      if (c instanceof OnlyClause only && !purpose.isWithin(only.purpose())) {
        return new Verdict(Outcome.DENY, List.of(), List.of());
      }
    }
    // Rule 2: the most specific level that has clauses.
    for (Purpose level = purpose; level != null; level = level.parent()) {
      List<Clause> atLevel = new ArrayList<>();
      for (Clause c : active) {
        if ((c instanceof AllowClause a && a.purposes().contains(level))
            || (c instanceof DenyClause d && d.purposes().contains(level))
            || (c instanceof OnlyClause o && o.purpose() == level)) {
          atLevel.add(c);
        }
      }
      if (!atLevel.isEmpty()) {
        return decideLevel(atLevel, standalone, facts);
      }
    }
    // Rule 5: standalone duties allow what nothing else covers.
    if (!standalone.isEmpty()) {
      return new Verdict(Outcome.OBLIGATION, ordered(standalone), List.of());
    }
    return new Verdict(Outcome.NONE, List.of(), List.of());
  }

  private static Verdict decideLevel(List<Clause> atLevel, List<Duty> standalone, Set<Fact> facts) {
    if (atLevel.stream().anyMatch(c -> c instanceof DenyClause)) {
      return new Verdict(Outcome.DENY, List.of(), List.of());
    }
    List<Duty> duties = new ArrayList<>();
    boolean anyHolds = false;
    int fewestMissing = Integer.MAX_VALUE;
    Set<Fact> wouldAllow = new TreeSet<>();
    for (Clause c : atLevel) {
      List<Condition> conditions = c instanceof AllowClause a ? a.conditions() : List.of();
      Set<Fact> missing = new TreeSet<>();
      for (Condition condition : conditions) {
        if (condition instanceof FactCondition f && !facts.contains(f.fact())) {
          missing.add(f.fact());
        }
      }
      if (missing.isEmpty()) {
        anyHolds = true;
        for (Condition condition : conditions) {
          if (condition instanceof DutyCondition d) {
            duties.add(d.duty());
          }
        }
      } else if (missing.size() < fewestMissing) {
        fewestMissing = missing.size();
        wouldAllow = missing;
      } else if (missing.size() == fewestMissing) {
        wouldAllow.addAll(missing);
      }
    }
    if (!anyHolds) {
      return new Verdict(Outcome.DENY, List.of(), List.copyOf(wouldAllow));
    }
    duties.addAll(standalone);
    return duties.isEmpty()
        ? new Verdict(Outcome.ALLOW, List.of(), List.of())
        : new Verdict(Outcome.OBLIGATION, ordered(duties), List.of());
  }

  private static List<Duty> ordered(List<Duty> duties) {
    List<Duty> unique = new ArrayList<>(new LinkedHashSet<>(duties));
    unique.sort(Comparator.comparingInt((Duty d) -> d.type().ordinal())
        .thenComparing(d -> d instanceof Duty.Payment p ? p.collective() : ""));
    return List.copyOf(unique);
  }
}
