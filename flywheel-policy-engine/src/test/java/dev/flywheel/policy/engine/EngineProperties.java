package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsPrinter;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** Laws of the semantics over generated trees and requests: order independence, monotonicity, never throwing. */
class EngineProperties {
  private static final Purpose[] PURPOSES = Purpose.values();

  private final DefaultPolicyEngine denyDefault = EngineFixtures.engine(DefaultDecision.DENY);
  private final DefaultPolicyEngine allowDefault = EngineFixtures.engine(DefaultDecision.ALLOW);

  // ---- Generators ----

  @Provide
  Arbitrary<TimeWindow> windows() {
    Arbitrary<Instant> bound = Arbitraries.of(PolicyGenerator.BOUNDS);
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.just(TimeWindow.ALWAYS)),
        Tuple.of(2, bound.map(u -> new TimeWindow(null, u))),
        Tuple.of(2, bound.map(f -> new TimeWindow(f, null))),
        Tuple.of(1, Combinators.combine(bound, bound).as(Tuple::of).filter(t -> t.get1().isBefore(t.get2()))
            .map(t -> new TimeWindow(t.get1(), t.get2()))));
  }

  Arbitrary<Duty> duties() {
    return Arbitraries.of(PolicyGenerator.DUTIES);
  }

  Arbitrary<List<Purpose>> purposeLists() {
    return Arbitraries.of(Purpose.class).list().ofMinSize(1).ofMaxSize(2).uniqueElements();
  }

  @Provide
  Arbitrary<AllowClause> allows() {
    Arbitrary<Condition> condition = Arbitraries.oneOf(
        Arbitraries.of(Fact.class).map(f -> new FactCondition(f, null)),
        duties().map(d -> new DutyCondition(d, null)));
    return Combinators.combine(purposeLists(), condition.list().ofMaxSize(3).uniqueElements(), windows())
        .as((p, c, w) -> new AllowClause(p, c, w, null));
  }

  @Provide
  Arbitrary<DenyClause> denies() {
    return Combinators.combine(purposeLists(), windows()).as((p, w) -> new DenyClause(p, w, null));
  }

  @Provide
  Arbitrary<DutyClause> dutyClauses() {
    return Combinators.combine(duties(), windows()).as((d, w) -> new DutyClause(d, w, null));
  }

  @Provide
  Arbitrary<Clause> clauses() {
    Arbitrary<Clause> only = Combinators.combine(Arbitraries.of(Purpose.class), windows())
        .as((p, w) -> new OnlyClause(p, w, null));
    return Arbitraries.frequencyOf(
        Tuple.of(4, allows()), Tuple.of(2, denies()), Tuple.of(1, only), Tuple.of(2, dutyClauses()));
  }

  @Provide
  Arbitrary<List<Clause>> statements() {
    return clauses().list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Tuple2<List<Clause>, List<Clause>>> shuffledStatements() {
    return statements().flatMap(cs -> Arbitraries.shuffle(cs).map(shuffled -> Tuple.of(cs, shuffled)));
  }

  @Provide
  Arbitrary<Instant> times() {
    return Arbitraries.oneOf(
        Arbitraries.of(PolicyGenerator.BOUNDS),
        Arbitraries.of(PolicyGenerator.BOUNDS).map(b -> b.minusNanos(1)),
        Arbitraries.of(Instant.parse("1999-01-01T00:00:00Z"), Instant.parse("2040-01-01T00:00:00Z")));
  }

  @Provide
  Arbitrary<Request> requests() {
    return Combinators.combine(
            Arbitraries.of(Purpose.class),
            Arbitraries.subsetOf(Fact.values()),
            times(),
            Arbitraries.subsetOf(ObligationType.values()))
        .as(Request::new);
  }

  // ---- Properties ----

  /** Rule 3 and the non-negotiables: the order of clauses never changes a decision, reasons included. */
  @Property(tries = 400)
  void decide_clausesInAnyOrder_sameDecision(
      @ForAll("shuffledStatements") Tuple2<List<Clause>, List<Clause>> statement, @ForAll("times") Instant at,
      @ForAll("requests") Request request) {
    Policy written = new Policy(statement.get1(), null);
    Policy reordered = new Policy(statement.get2(), null);
    for (Purpose p : PURPOSES) {
      Request r = new Request(p, request.facts(), at, request.honoured());
      assertEquals(denyDefault.decide(written, r), denyDefault.decide(reordered, r));
    }
    // Through text too (spans then differ, everything else must not).
    String a = TermsPrinter.print(written);
    String b = TermsPrinter.print(reordered);
    assertEquals(ReferenceModel.Result.of(denyDefault.decide(a, request)),
        ReferenceModel.Result.of(denyDefault.decide(b, request)));
  }

  /** Adding a deny clause never turns a deny into an allow. */
  @Property(tries = 600)
  void decide_denyAdded_denyStaysDeny(@ForAll("statements") List<Clause> clauses,
      @ForAll("denies") DenyClause extra, @ForAll("requests") Request request) {
    for (DefaultPolicyEngine engine : List.of(denyDefault, allowDefault)) {
      Decision before = engine.decide(new Policy(clauses, null), request);
      if (before.kind() == Decision.Kind.DENY) {
        Decision after = engine.decide(new Policy(with(clauses, extra), null), request);
        assertEquals(Decision.Kind.DENY, after.kind(), () -> "before " + before + " after " + after);
      }
    }
  }

  /**
   * Narrowing the window of an unconditional allow or of a standalone duty (to nothing, at the extreme) never turns a
   * deny into an allow. (A conditional allow is different: see {@link #decide_conditionalAllowNarrowed_canAllow}.)
   */
  @Property(tries = 600)
  void decide_unconditionalAllowOrDutyNarrowed_denyStaysDeny(@ForAll("statements") List<Clause> clauses,
      @ForAll("windows") TimeWindow narrowing, @ForAll("requests") Request request) {
    for (int i = 0; i < clauses.size(); i++) {
      Clause c = clauses.get(i);
      boolean unconditional = c instanceof AllowClause a
          && a.conditions().stream().noneMatch(x -> x instanceof FactCondition);
      if (!unconditional && !(c instanceof DutyClause)) {
        continue;
      }
      Decision before = denyDefault.decide(new Policy(clauses, null), request);
      if (before.kind() != Decision.Kind.DENY) {
        return;
      }
      List<Clause> narrowed = new ArrayList<>(clauses);
      TimeWindow w = intersect(c.window(), narrowing);
      if (w == null) {
        narrowed.remove(i);
      } else {
        narrowed.set(i, withWindow(c, w));
      }
      if (narrowed.isEmpty()) {
        return;
      }
      Decision after = denyDefault.decide(new Policy(narrowed, null), request);
      assertEquals(Decision.Kind.DENY, after.kind(), () -> "narrowed " + narrowed + ": " + after);
    }
  }

  /** The documented exception: a more specific allow that needs a fact hides a broader allow while it is active. */
  @Example
  void decide_conditionalAllowNarrowed_canAllow() {
    Instant at = Instant.parse("2027-06-01T00:00:00Z");
    Request train = Request.of(Purpose.TRAIN).at(at);
    assertEquals("deny explicit would=open-weights",
        Summaries.of(denyDefault.decide("allow ai; allow train if open-weights", train)));
    assertEquals("allow explicit",
        Summaries.of(denyDefault.decide("allow ai; allow train if open-weights until 2027-01-01", train)));
  }

  /** Adding a standalone duty never removes an obligation, and turns every allow into an obligation with it. */
  @Property(tries = 600)
  void decide_dutyAdded_obligationsOnlyGrow(@ForAll("statements") List<Clause> clauses,
      @ForAll("dutyClauses") DutyClause extra, @ForAll("requests") Request request) {
    Decision before = denyDefault.decide(new Policy(clauses, null), request);
    Decision after = denyDefault.decide(new Policy(with(clauses, extra), null), request);
    if (before.kind() == Decision.Kind.OBLIGATION || before.kind() == Decision.Kind.ALLOW) {
      assertTrue(after.obligations().containsAll(before.obligations()), () -> before + " -> " + after);
      if (extra.window().contains(request.at())) {
        assertTrue(after.obligations().contains(extra.duty()), () -> before + " -> " + after);
      }
    }
  }

  /** Adding a duty condition to an allow clause never removes an obligation. */
  @Property(tries = 400)
  void decide_dutyConditionAdded_obligationsOnlyGrow(@ForAll("statements") List<Clause> clauses,
      @ForAll("allows") AllowClause allow, @ForAll("dutyClauses") DutyClause duty,
      @ForAll("requests") Request request) {
    List<Condition> more = new ArrayList<>(allow.conditions());
    DutyCondition added = new DutyCondition(duty.duty(), null);
    Assume.that(!more.contains(added));
    more.add(added);
    AllowClause stricter = new AllowClause(allow.purposes(), more, allow.window(), null);
    Decision before = denyDefault.decide(new Policy(with(clauses, allow), null), request);
    Decision after = denyDefault.decide(new Policy(with(clauses, stricter), null), request);
    assertEquals(before.kind() == Decision.Kind.DENY, after.kind() == Decision.Kind.DENY);
    assertTrue(after.obligations().containsAll(before.obligations()), () -> before + " -> " + after);
  }

  /** Any string at all: a decision, never an exception; unusable text is a deny with basis error. */
  @Property(tries = 1000)
  void decide_arbitraryString_neverThrows(@ForAll String terms, @ForAll("requests") Request request) {
    Decision d = denyDefault.decide(terms, request);
    assertNotNull(d);
    if (!denyDefault.parse(terms).isValid()) {
      assertEquals(Decision.Basis.ERROR, d.basis());
      assertFalse(d.isAllowed());
    }
  }

  /** Word soup from the language's own vocabulary reaches deep into the parser; still never a throw. */
  @Property(tries = 1000)
  void decide_vocabularySoup_neverThrowsAndIsDeterministic(@ForAll("soup") String terms,
      @ForAll("requests") Request request) {
    Decision d = denyDefault.decide(terms, request);
    assertNotNull(d);
    assertEquals(d, denyDefault.decide(terms, request));
    assertEquals(d.basis() == Decision.Basis.ERROR, !denyDefault.parse(terms).isValid());
  }

  @Provide
  Arbitrary<String> soup() {
    return Arbitraries.of("allow", "deny", "train", "eval", "eval-only", "no-train", "if", "and", "attribution",
            "pay", "collective", "masakhane", "\"Te Hiku\"", "limit", "5000", "per", "month", "open-weights",
            "until", "from", "2027-01-01", "2027-02-30", ";", ",", "0.002", "EUR", "item", "ai", "any", "trian")
        .list().ofMinSize(1).ofMaxSize(12).map(words -> String.join(" ", words));
  }

  private static List<Clause> with(List<Clause> clauses, Clause extra) {
    List<Clause> all = new ArrayList<>(clauses);
    all.add(extra);
    return all;
  }

  private static TimeWindow intersect(TimeWindow a, TimeWindow b) {
    Instant from = a.from() == null ? b.from() : b.from() == null ? a.from() : max(a.from(), b.from());
    Instant until = a.until() == null ? b.until() : b.until() == null ? a.until() : min(a.until(), b.until());
    if (from != null && until != null && !from.isBefore(until)) {
      return null;
    }
    return new TimeWindow(from, until);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Clause withWindow(Clause c, TimeWindow w) {
    if (c instanceof AllowClause a) {
      return new AllowClause(a.purposes(), a.conditions(), w, null);
    }
    return new DutyClause(((DutyClause) c).duty(), w, null);
  }
}
