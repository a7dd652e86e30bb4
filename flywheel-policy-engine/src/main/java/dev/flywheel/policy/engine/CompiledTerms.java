package dev.flywheel.policy.engine;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
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
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One statement of terms, compiled: either the diagnostics that make it unusable, or its clauses as masks plus a
 * lazily filled decision table for plain terms (layer {@link Layer#TERMS}).
 *
 * <p><b>Time segments.</b> Every {@code from}/{@code until} instant of the statement is a boundary; between two
 * neighbouring boundaries no clause changes state, so the table needs one column per segment, and the segment of a
 * request time is found by binary search over the boundaries (kept as epoch seconds and nanos, never as objects).
 *
 * <p><b>The table.</b> One cell per purpose x segment x fact set (the fact dimension collapses to one when no clause
 * names a fact). A cell holds the finished decision, or for an obligation both variants (honoured or not), so that a
 * decision for cached terms allocates nothing once its cell is filled. Cells are filled on first use, sharing any
 * equal decision already in the table; a race fills a cell twice with equal immutable values, which is harmless.
 */
final class CompiledTerms {
  private static final Purpose[] PURPOSES = Purpose.values();
  private static final Fact[] FACTS = Fact.values();
  private static final long[] NO_SECONDS = new long[0];
  /**
   * Largest table kept: 7 purposes x 16 segments x 4 fact sets. A statement with more time bounds than that (the parser
   * allows 64 clauses, so up to 128 bounds) is decided afresh on every call instead, so that hostile terms cannot make
   * each cache entry tens of kilobytes.
   */
  static final int MAX_CELLS = 448;
  private static final int[] NO_NANOS = new int[0];
  /** Shared all-zero nanosecond arrays by length, never written. */
  private static final int[][] ZERO_NANOS = new int[9][];

  static {
    for (int i = 0; i < ZERO_NANOS.length; i++) {
      ZERO_NANOS[i] = i == 0 ? NO_NANOS : new int[i];
    }
  }

  /** The terms text this was compiled from (the cache key), or {@code null} for a tree compiled directly. */
  final String source;
  /** The clauses, in source order; {@code null} when the terms are invalid. */
  private final CompiledClause[] clauses;
  /** The parser's diagnostics when the terms are invalid; empty otherwise. */
  private final List<Diagnostic> diagnostics;
  /** The decision for invalid plain terms; {@code null} when valid. */
  private final Decision.Deny errorDecision;
  private final long[] boundarySeconds;
  private final int[] boundaryNanos;
  /** 1 when no clause names a fact, else one column per fact set. */
  private final int factColumns;
  /** Lazily filled decisions for layer TERMS: a Decision or an {@link ObligationCell}. */
  private final Object[] cells;

  private CompiledTerms(
      String source, CompiledClause[] clauses, List<Diagnostic> diagnostics, Decision.Deny errorDecision, long[] boundarySeconds,
      int[] boundaryNanos, int factColumns) {
    this.source = source;
    this.clauses = clauses;
    this.diagnostics = diagnostics;
    this.errorDecision = errorDecision;
    this.boundarySeconds = boundarySeconds;
    this.boundaryNanos = boundaryNanos;
    this.factColumns = factColumns;
    int cellCount = PURPOSES.length * (boundarySeconds.length + 1) * factColumns;
    this.cells = clauses == null || cellCount > MAX_CELLS ? null : new Object[cellCount];
  }

  /** A statement the parser rejected. */
  static CompiledTerms invalid(List<Diagnostic> diagnostics) {
    return invalid(diagnostics, null);
  }

  /** Terms text {@code source} that the parser rejected. */
  static CompiledTerms invalid(List<Diagnostic> diagnostics, String source) {
    List<Diagnostic> copy = List.copyOf(diagnostics);
    Decision.Deny deny = new Decision.Deny(Decision.Basis.ERROR, errorReasons(Layer.TERMS, copy), copy, List.of());
    return new CompiledTerms(source, null, copy, deny, NO_SECONDS, NO_NANOS, 1);
  }

  /**
   * Compiles {@code policy}.
   *
   * @param source the text the policy was parsed from (its canonical clause text is shared when equal), or null
   * @param printer gives the canonical text of a clause
   */
  static CompiledTerms compile(Policy policy, String source, Function<Clause, String> printer) {
    TreeSet<Instant> bounds = new TreeSet<>();
    for (Clause c : policy.clauses()) {
      TimeWindow w = c.window();
      if (w.from() != null) {
        bounds.add(w.from());
      }
      if (w.until() != null) {
        bounds.add(w.until());
      }
    }
    Instant[] sortedBounds = bounds.toArray(new Instant[0]);
    long[] seconds = sortedBounds.length == 0 ? NO_SECONDS : new long[sortedBounds.length];
    int[] nanos = sortedBounds.length == 0 ? NO_NANOS : new int[sortedBounds.length];
    boolean anyNanos = false;
    for (int i = 0; i < sortedBounds.length; i++) {
      seconds[i] = sortedBounds[i].getEpochSecond();
      nanos[i] = sortedBounds[i].getNano();
      anyNanos |= nanos[i] != 0;
    }
    if (!anyNanos && nanos.length < ZERO_NANOS.length) {
      nanos = ZERO_NANOS[nanos.length]; // bounds are nearly always whole seconds: share the zeros
    }
    int segments = sortedBounds.length + 1;
    CompiledClause[] compiled = new CompiledClause[policy.clauses().size()];
    boolean anyFact = false;
    for (int i = 0; i < compiled.length; i++) {
      Clause clause = policy.clauses().get(i);
      TimeWindow w = clause.window();
      int first = w.from() == null ? 0 : Arrays.binarySearch(sortedBounds, w.from()) + 1;
      int end = w.until() == null ? segments : Arrays.binarySearch(sortedBounds, w.until()) + 1;
      String text = printer.apply(clause);
      if (text.equals(source)) {
        text = source; // one string for key and reason: most terms are one clause
      }
      compiled[i] = compileClause(clause, first, end, text);
      anyFact |= compiled[i].requiredFacts != 0;
    }
    return new CompiledTerms(source, compiled, List.of(), null, seconds, nanos, anyFact ? 1 << FACTS.length : 1);
  }

  private static CompiledClause compileClause(Clause clause, int first, int end, String text) {
    if (clause instanceof AllowClause a) {
      int facts = 0;
      List<Duty> duties = new ArrayList<>();
      for (Condition condition : a.conditions()) {
        if (condition instanceof FactCondition f) {
          facts |= 1 << f.fact().ordinal();
        } else {
          Duty d = ((DutyCondition) condition).duty();
          if (!duties.contains(d)) {
            duties.add(d);
          }
        }
      }
      return new CompiledClause(CompiledClause.ALLOW, purposeMask(a.purposes()), facts, duties.toArray(new Duty[0]),
          first, end, text, a.span());
    }
    if (clause instanceof DenyClause d) {
      return new CompiledClause(CompiledClause.DENY, purposeMask(d.purposes()), 0, new Duty[0], first, end, text,
          d.span());
    }
    if (clause instanceof OnlyClause o) {
      return new CompiledClause(CompiledClause.ONLY, 1 << o.purpose().ordinal(), 0, new Duty[0], first, end, text,
          o.span());
    }
    DutyClause d = (DutyClause) clause;
    return new CompiledClause(CompiledClause.DUTY, 0, 0, new Duty[] {d.duty()}, first, end, text, d.span());
  }

  private static int purposeMask(List<Purpose> purposes) {
    int mask = 0;
    for (Purpose p : purposes) {
      mask |= 1 << p.ordinal();
    }
    return mask;
  }

  boolean isValid() {
    return clauses != null;
  }

  /** The parser's diagnostics of invalid terms. */
  List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** The deny for invalid plain terms. */
  Decision.Deny errorDecision() {
    return errorDecision;
  }

  /** One reason per error diagnostic, in {@code layer}. */
  static List<Reason> errorReasons(Layer layer, List<Diagnostic> diagnostics) {
    List<Reason> reasons = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      if (d.isError()) {
        reasons.add(new Reason(layer, null, d.span(), d.code().id() + ": " + d.message()));
      }
    }
    if (reasons.isEmpty()) {
      reasons.add(new Reason(layer, null, null, "the terms could not be used"));
    }
    return Reasons.sorted(reasons);
  }

  /** The number of time segments: boundaries plus one. */
  int segments() {
    return boundarySeconds.length + 1;
  }

  /** The segment holding the instant {@code seconds}.{@code nanos} (epoch): the count of boundaries at or before it. */
  int segmentAt(long seconds, int nanos) {
    int low = 0;
    int high = boundarySeconds.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      long s = boundarySeconds[mid];
      boolean atOrBefore = s < seconds || (s == seconds && boundaryNanos[mid] <= nanos);
      if (atOrBefore) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The segment holding {@code at}. */
  int segmentAt(Instant at) {
    return segmentAt(at.getEpochSecond(), at.getNano());
  }

  /**
   * The plain-terms decision for {@code purpose} in {@code segment} with the request's {@code facts} and
   * {@code honoured} masks; allocation-free once the cell is filled.
   */
  Decision decide(Purpose purpose, int segment, int facts, int honoured, Decision silentDecision) {
    if (cells == null) {
      Object cell = cellFor(purpose, segment, facts, silentDecision);
      return cell instanceof ObligationCell obligation ? obligation.pick(honoured) : (Decision) cell;
    }
    int index = (purpose.ordinal() * segments() + segment) * factColumns + (factColumns == 1 ? 0 : facts);
    Object cell = cells[index];
    if (cell == null) {
      cell = fill(index, purpose, segment, facts, silentDecision);
    }
    if (cell instanceof ObligationCell obligation) {
      return obligation.pick(honoured);
    }
    return (Decision) cell;
  }

  private Object fill(int index, Purpose purpose, int segment, int facts, Decision silentDecision) {
    Object cell = cellFor(purpose, segment, facts, silentDecision);
    // Share an equal decision already in the table: many purposes and segments decide alike.
    for (Object existing : cells) {
      if (existing != null && existing.equals(cell)) {
        cell = existing;
        break;
      }
    }
    cells[index] = cell;
    return cell;
  }

  /** A finished decision, or both variants of an obligation. */
  private Object cellFor(Purpose purpose, int segment, int facts, Decision silentDecision) {
    Verdict v = verdict(purpose, segment, factColumns == 1 ? 0 : facts, Layer.TERMS, null);
    Object cell;
    switch (v.kind()) {
      case SILENT -> cell = silentDecision;
      case DENY -> cell = new Decision.Deny(
          Decision.Basis.EXPLICIT, v.reasons(), List.of(), factsOf(v.wouldAllowWith()));
      default -> {
        if (v.duties().isEmpty()) {
          cell = new Decision.Allow(Decision.Basis.EXPLICIT, v.reasons());
        } else {
          cell = new ObligationCell(
              Duties.typeMask(v.duties()),
              new Decision.Obligation(v.duties(), Decision.Basis.EXPLICIT, v.reasons(), true),
              new Decision.Obligation(v.duties(), Decision.Basis.EXPLICIT, v.reasons(), false));
        }
      }
    }
    return cell;
  }

  /** Facts from a mask of fact ordinals, in enum order. */
  static List<Fact> factsOf(int mask) {
    if (mask == 0) {
      return List.of();
    }
    List<Fact> facts = new ArrayList<>(2);
    for (Fact f : FACTS) {
      if ((mask & (1 << f.ordinal())) != 0) {
        facts.add(f);
      }
    }
    return List.copyOf(facts);
  }

  /**
   * What this (valid) statement says about {@code purpose} in {@code segment} given the request's {@code facts}:
   * rules 1 to 5 of the semantics.
   *
   * @param layer the layer the reasons name
   * @param quotaScope the scope given to quota duties (the collective's name), or {@code null}
   */
  Verdict verdict(Purpose purpose, int segment, int facts, Layer layer, String quotaScope) {
    // Rule 4: an active P-only clause denies every purpose outside P, whatever else the statement says.
    List<Reason> reasons = new ArrayList<>();
    for (CompiledClause c : clauses) {
      if (c.kind == CompiledClause.ONLY && c.activeIn(segment) && !purpose.isWithin(c.onlyPurpose())) {
        reasons.add(reason(layer, c, "denies every purpose outside " + c.onlyPurpose().word()));
      }
    }
    if (!reasons.isEmpty()) {
      return new Verdict(Verdict.Kind.DENY, Reasons.sorted(reasons), List.of(), 0);
    }
    // Rule 2: the most specific level with an active allow, deny or only clause.
    Purpose level = null;
    for (Purpose p = purpose; p != null && level == null; p = p.parent()) {
      for (CompiledClause c : clauses) {
        if (c.kind != CompiledClause.DUTY && c.activeIn(segment) && c.names(p)) {
          level = p;
          break;
        }
      }
    }
    List<Duty> standalone = new ArrayList<>();
    List<Reason> dutyReasons = new ArrayList<>();
    for (CompiledClause c : clauses) {
      if (c.kind == CompiledClause.DUTY && c.activeIn(segment)) {
        standalone.add(scoped(c.duties[0], quotaScope));
        dutyReasons.add(reason(layer, c, level == null
            ? "allows every use nothing else covers, subject to " + c.duties[0].type().word()
            : "adds " + c.duties[0].type().word() + " to every allow"));
      }
    }
    if (level == null) {
      // Rule 5: only standalone duties speak (allowing, subject to them), or nothing does (silent).
      return standalone.isEmpty()
          ? Verdict.SILENT
          : new Verdict(Verdict.Kind.ALLOW, Reasons.sorted(dutyReasons), Duties.union(standalone), 0);
    }
    // Rule 3: at that level, any deny wins.
    for (CompiledClause c : clauses) {
      if (c.kind == CompiledClause.DENY && c.activeIn(segment) && c.names(level)) {
        reasons.add(reason(layer, c, "denies " + c.purposeWords()));
      }
    }
    if (!reasons.isEmpty()) {
      return new Verdict(Verdict.Kind.DENY, Reasons.sorted(reasons), List.of(), 0);
    }
    // Rule 3: else every allow whose facts hold allows, with the union of the duties.
    List<Duty> duties = new ArrayList<>(standalone);
    int fewestMissing = Integer.MAX_VALUE;
    int wouldAllowWith = 0;
    List<Reason> failed = new ArrayList<>();
    for (CompiledClause c : clauses) {
      if (c.kind == CompiledClause.DENY || c.kind == CompiledClause.DUTY || !c.activeIn(segment)
          || !c.names(level)) {
        continue;
      }
      int missing = c.requiredFacts & ~facts;
      if (missing == 0) {
        reasons.add(reason(layer, c, "allows " + c.purposeWords()));
        for (Duty d : c.duties) {
          duties.add(scoped(d, quotaScope));
        }
      } else {
        failed.add(reason(layer, c, "allows " + c.purposeWords() + " only with " + factWords(c.requiredFacts)));
        int count = Integer.bitCount(missing);
        if (count < fewestMissing) {
          fewestMissing = count;
          wouldAllowWith = missing;
        } else if (count == fewestMissing) {
          wouldAllowWith |= missing;
        }
      }
    }
    if (!reasons.isEmpty()) {
      if (!standalone.isEmpty()) {
        reasons.addAll(dutyReasons);
      }
      return new Verdict(Verdict.Kind.ALLOW, Reasons.sorted(reasons), Duties.union(duties), 0);
    }
    return new Verdict(Verdict.Kind.DENY, Reasons.sorted(failed), List.of(), wouldAllowWith);
  }

  private static Duty scoped(Duty duty, String quotaScope) {
    return quotaScope != null && duty instanceof Duty.Quota q ? q.withScope(quotaScope) : duty;
  }

  private static Reason reason(Layer layer, CompiledClause c, String what) {
    return new Reason(layer, c.text, c.span, "'" + c.text + "' " + what);
  }

  private static String factWords(int mask) {
    StringBuilder words = new StringBuilder();
    for (Fact f : FACTS) {
      if ((mask & (1 << f.ordinal())) != 0) {
        if (words.length() > 0) {
          words.append(" and ");
        }
        words.append(f.word());
      }
    }
    return words.toString();
  }

  /** Both variants of an obligation decision, and the duty types a request must honour to get the first. */
  private record ObligationCell(int requiredTypes, Decision.Obligation honoured, Decision.Obligation unhonoured) {
    Decision pick(int honouredTypes) {
      return (honouredTypes & requiredTypes) == requiredTypes ? honoured : unhonoured;
    }
  }

  /** True when this statement keeps a decision table (small enough); false for invalid or very time-sliced terms. */
  boolean hasTable() {
    return cells != null;
  }
}
