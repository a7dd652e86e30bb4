package dev.flywheel.policy.engine;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TimeWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of policy trees and requests for model-based tests: the same seed gives the same sequence, so
 * every failure can be replayed. Values come from small pools so that clauses collide on purposes, duties and time
 * boundaries often.
 */
final class PolicyGenerator {
  static final List<Instant> BOUNDS = List.of(
      Instant.parse("2026-01-01T00:00:00Z"),
      Instant.parse("2026-06-15T12:00:00Z"),
      Instant.parse("2027-01-01T00:00:00Z"),
      Instant.parse("2028-03-01T08:30:00Z"));
  static final List<Duty> DUTIES = List.of(
      Duty.Attribution.INSTANCE,
      new Duty.Payment("masakhane", null),
      new Duty.Payment("alpha", null),
      new Duty.Payment("masakhane", new Duty.Amount(new BigDecimal("0.002"), "EUR")),
      new Duty.Quota(5000, QuotaPeriod.MONTH, null),
      new Duty.Quota(10, QuotaPeriod.DAY, null));
  private static final Purpose[] PURPOSES = Purpose.values();

  private final Random random;

  PolicyGenerator(long seed) {
    this.random = new Random(seed);
  }

  Policy policy() {
    int n = 1 + random.nextInt(5);
    List<Clause> clauses = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      clauses.add(clause());
    }
    return new Policy(clauses, null);
  }

  Clause clause() {
    int kind = random.nextInt(100);
    TimeWindow window = window();
    if (kind < 40) {
      List<Condition> conditions = new ArrayList<>();
      int count = random.nextInt(4);
      for (int i = 0; i < count; i++) {
        Condition c = random.nextInt(3) == 0
            ? new FactCondition(Fact.values()[random.nextInt(2)], null)
            : new DutyCondition(duty(), null);
        if (!conditions.contains(c)) {
          conditions.add(c);
        }
      }
      return new AllowClause(purposes(), conditions, window, null);
    }
    if (kind < 62) {
      return new DenyClause(purposes(), window, null);
    }
    if (kind < 77) {
      return new OnlyClause(purpose(), window, null);
    }
    return new DutyClause(duty(), window, null);
  }

  Duty duty() {
    return DUTIES.get(random.nextInt(DUTIES.size()));
  }

  Purpose purpose() {
    return PURPOSES[random.nextInt(PURPOSES.length)];
  }

  private List<Purpose> purposes() {
    Purpose first = purpose();
    if (random.nextInt(4) != 0) {
      return List.of(first);
    }
    Purpose second = purpose();
    return second == first ? List.of(first) : List.of(first, second);
  }

  TimeWindow window() {
    int shape = random.nextInt(10);
    if (shape < 6) {
      return TimeWindow.ALWAYS;
    }
    int a = random.nextInt(BOUNDS.size());
    if (shape < 8) {
      return new TimeWindow(null, BOUNDS.get(a));
    }
    if (shape < 9) {
      return new TimeWindow(BOUNDS.get(a), null);
    }
    int b = random.nextInt(BOUNDS.size());
    if (a == b) {
      return new TimeWindow(BOUNDS.get(a), null);
    }
    return new TimeWindow(BOUNDS.get(Math.min(a, b)), BOUNDS.get(Math.max(a, b)));
  }

  /** A time near a boundary (at it, just before it, just after it) or far from all of them. */
  Instant time() {
    int shape = random.nextInt(5);
    if (shape == 4) {
      return random.nextBoolean() ? Instant.parse("1999-01-01T00:00:00Z") : Instant.parse("2040-01-01T00:00:00Z");
    }
    Instant bound = BOUNDS.get(random.nextInt(BOUNDS.size()));
    return shape == 0 ? bound.minusNanos(1) : shape == 1 ? bound.plusSeconds(1) : bound;
  }

  Request request() {
    Set<Fact> facts = EnumSet.noneOf(Fact.class);
    for (Fact f : Fact.values()) {
      if (random.nextBoolean()) {
        facts.add(f);
      }
    }
    Set<ObligationType> honoured = EnumSet.noneOf(ObligationType.class);
    for (ObligationType t : ObligationType.values()) {
      if (random.nextInt(3) != 0) {
        honoured.add(t);
      }
    }
    return new Request(purpose(), facts, time(), honoured);
  }
}
