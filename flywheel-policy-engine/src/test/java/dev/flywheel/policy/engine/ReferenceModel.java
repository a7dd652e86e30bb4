package dev.flywheel.policy.engine;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The semantics of one statement (rules 1 to 6, 8, 11) written straight from their wording, over the tree, with no
 * compilation, no masks and no cache: the engine must agree with it on every generated input.
 */
final class ReferenceModel {
  private ReferenceModel() {}

  /** What a decision says, in a form both sides can produce. */
  record Result(Decision.Kind kind, Decision.Basis basis, Set<Duty> obligations, Set<Fact> wouldAllowWith,
      boolean allowed, Set<String> reasonClauses) {

    static Result of(Decision d) {
      Set<String> clauses = new TreeSet<>();
      d.reasons().forEach(r -> {
        if (r.clause() != null) {
          clauses.add(r.clause());
        }
      });
      Set<Fact> would = d instanceof Decision.Deny deny && !deny.wouldAllowWith().isEmpty()
          ? EnumSet.copyOf(deny.wouldAllowWith())
          : EnumSet.noneOf(Fact.class);
      return new Result(d.kind(), d.basis(), new HashSet<>(d.obligations()), would, d.isAllowed(), clauses);
    }
  }

  static Result decide(Policy policy, Request request, Instant now, DefaultDecision defaultDecision,
      Function<Clause, String> printer) {
    Purpose q = request.purpose();
    Instant t = request.at() != null ? request.at() : now;
    List<Clause> active = new ArrayList<>();
    for (Clause c : policy.clauses()) {
      if (c.window().contains(t)) { // rule 8
        active.add(c);
      }
    }
    // Rule 4: an active P-only denies every purpose outside P.
    Set<String> excluding = new TreeSet<>();
    for (Clause c : active) {
      if (c instanceof OnlyClause o && !q.isWithin(o.purpose())) {
        excluding.add(printer.apply(c));
      }
    }
    if (!excluding.isEmpty()) {
      return deny(Set.of(), excluding);
    }
    List<DutyClause> standalone = new ArrayList<>();
    for (Clause c : active) {
      if (c instanceof DutyClause d) {
        standalone.add(d);
      }
    }
    // Rules 1 and 2: clauses about q or a purpose above it; only the deepest such purpose counts.
    int deepest = -1;
    for (Clause c : active) {
      for (Purpose p : purposesOf(c)) {
        if (q.isWithin(p)) {
          deepest = Math.max(deepest, p.depth());
        }
      }
    }
    if (deepest < 0) {
      if (standalone.isEmpty()) { // rule 6
        return defaultDecision == DefaultDecision.ALLOW
            ? new Result(Decision.Kind.ALLOW, Decision.Basis.DEFAULT, Set.of(), Set.of(), true, Set.of())
            : new Result(Decision.Kind.DENY, Decision.Basis.DEFAULT, Set.of(), Set.of(), false, Set.of());
      }
      Set<Duty> duties = new HashSet<>();
      Set<String> reasons = new TreeSet<>();
      for (DutyClause d : standalone) { // rule 5
        duties.add(d.duty());
        reasons.add(printer.apply(d));
      }
      return allow(duties, reasons, request);
    }
    Purpose level = q;
    while (level.depth() > deepest) {
      level = level.parent();
    }
    Set<String> denies = new TreeSet<>();
    List<Clause> allows = new ArrayList<>();
    for (Clause c : active) {
      if (!purposesOf(c).contains(level)) {
        continue;
      }
      if (c instanceof DenyClause) {
        denies.add(printer.apply(c));
      } else {
        allows.add(c); // allow clauses, and P-only counting as 'allow P'
      }
    }
    if (!denies.isEmpty()) { // rule 3: any deny
      return deny(Set.of(), denies);
    }
    Set<Duty> duties = new HashSet<>();
    Set<String> reasons = new TreeSet<>();
    List<Set<Fact>> missingPerAllow = new ArrayList<>();
    Set<String> failedReasons = new TreeSet<>();
    for (Clause c : allows) {
      Set<Fact> missing = EnumSet.noneOf(Fact.class);
      List<Duty> clauseDuties = new ArrayList<>();
      if (c instanceof AllowClause a) {
        for (Condition cond : a.conditions()) {
          if (cond instanceof FactCondition f && !request.facts().contains(f.fact())) {
            missing.add(f.fact());
          } else if (cond instanceof DutyCondition d) {
            clauseDuties.add(d.duty());
          }
        }
      }
      if (missing.isEmpty()) {
        duties.addAll(clauseDuties);
        reasons.add(printer.apply(c));
      } else {
        missingPerAllow.add(missing);
        failedReasons.add(printer.apply(c));
      }
    }
    if (!reasons.isEmpty()) {
      for (DutyClause d : standalone) { // rule 5: standalone duties join every allow
        duties.add(d.duty());
        reasons.add(printer.apply(d));
      }
      return allow(duties, reasons, request);
    }
    int fewest = missingPerAllow.stream().mapToInt(Set::size).min().orElseThrow();
    Set<Fact> would = EnumSet.noneOf(Fact.class);
    for (Set<Fact> m : missingPerAllow) {
      if (m.size() == fewest) {
        would.addAll(m);
      }
    }
    return deny(would, failedReasons);
  }

  private static List<Purpose> purposesOf(Clause c) {
    if (c instanceof AllowClause a) {
      return a.purposes();
    }
    if (c instanceof DenyClause d) {
      return d.purposes();
    }
    if (c instanceof OnlyClause o) {
      return List.of(o.purpose());
    }
    return List.of();
  }

  private static Result deny(Set<Fact> would, Set<String> reasons) {
    return new Result(Decision.Kind.DENY, Decision.Basis.EXPLICIT, Set.of(),
        would.isEmpty() ? EnumSet.noneOf(Fact.class) : EnumSet.copyOf(would), false, reasons);
  }

  private static Result allow(Set<Duty> duties, Set<String> reasons, Request request) {
    if (duties.isEmpty()) {
      return new Result(Decision.Kind.ALLOW, Decision.Basis.EXPLICIT, Set.of(), EnumSet.noneOf(Fact.class), true,
          reasons);
    }
    boolean honoured = duties.stream().allMatch(d -> request.honoured().contains(d.type()));
    return new Result(Decision.Kind.OBLIGATION, Decision.Basis.EXPLICIT, duties, EnumSet.noneOf(Fact.class),
        honoured, reasons);
  }

  /** True when {@code obligations} is in the order rule 3 asks: attribution, payments by collective, quotas. */
  static boolean inRuleOrder(List<Duty> obligations) {
    for (int i = 1; i < obligations.size(); i++) {
      Duty a = obligations.get(i - 1);
      Duty b = obligations.get(i);
      if (a.type().ordinal() > b.type().ordinal()) {
        return false;
      }
      if (a instanceof Duty.Payment pa && b instanceof Duty.Payment pb
          && pa.collective().compareTo(pb.collective()) > 0) {
        return false;
      }
    }
    return true;
  }
}
