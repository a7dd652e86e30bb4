package dev.flywheel.policy.engine.compact;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Span;
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
 * Packs a parsed statement: its boundaries (every {@code from}/{@code until} instant, sorted), then each clause as a
 * {@link PackedClause} long, plus the {@link CompactTerms.Extras} for what the longs cannot hold. Used once per
 * compile; not thread-safe.
 */
final class Packing {
  private final Policy policy;
  private final String source;
  private final Function<Clause, String> printer;
  private final Instant[] sortedBounds;
  private final long[] boundaryData;
  private final int[] nanos;
  private long[] data;
  private boolean anyFact;
  private CompactTerms.Extras extras;

  private Packing(Policy policy, String source, Function<Clause, String> printer) {
    this.policy = policy;
    this.source = source;
    this.printer = printer;
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
    this.sortedBounds = bounds.toArray(new Instant[0]);
    this.boundaryData = new long[sortedBounds.length];
    int[] nanoParts = null;
    for (int i = 0; i < sortedBounds.length; i++) {
      boundaryData[i] = sortedBounds[i].getEpochSecond();
      if (sortedBounds[i].getNano() != 0) {
        if (nanoParts == null) {
          nanoParts = new int[sortedBounds.length];
        }
        nanoParts[i] = sortedBounds[i].getNano();
      }
    }
    this.nanos = nanoParts;
  }

  /** Finds the boundaries of {@code policy}; {@link #packClauses} packs the clauses. */
  static Packing of(Policy policy, String source, Function<Clause, String> printer) {
    return new Packing(policy, source, printer);
  }

  int boundaries() {
    return sortedBounds.length;
  }

  /** The boundaries' epoch seconds, ascending. */
  long[] boundaryData() {
    return boundaryData;
  }

  /** Per boundary its nanosecond part, or {@code null} when all are 0. */
  int[] nanos() {
    return nanos;
  }

  long[] data() {
    return data;
  }

  boolean anyFact() {
    return anyFact;
  }

  CompactTerms.Extras extras() {
    return extras;
  }

  /** Packs the clauses after the boundaries; the caller has checked {@link Capacity}. */
  void packClauses() {
    List<Clause> clauses = policy.clauses();
    int boundaries = sortedBounds.length;
    data = Arrays.copyOf(boundaryData, boundaries + clauses.size());
    // Offsets count code points; without surrogate pairs they are char indices, and texts can be cut out directly.
    boolean readable = source != null && source.length() == source.codePointCount(0, source.length());
    // On one line, a span is its offset and length (column = offset + 1), and those are found between semicolons.
    boolean spansReadable = readable && source.indexOf('\n') < 0 && source.indexOf('\r') < 0;
    int nextRangeFrom = 0;
    int segments = boundaries + 1;
    Duty[][] duties = null;
    String[] texts = null;
    for (int i = 0; i < clauses.size(); i++) {
      Clause clause = clauses.get(i);
      TimeWindow w = clause.window();
      int first = w.from() == null ? 0 : Arrays.binarySearch(sortedBounds, w.from()) + 1;
      int end = w.until() == null ? segments : Arrays.binarySearch(sortedBounds, w.until()) + 1;
      int kind;
      int purposes;
      int facts = 0;
      Duty[] clauseDuties = null;
      if (clause instanceof AllowClause a) {
        kind = PackedClause.ALLOW;
        purposes = purposeMask(a.purposes());
        List<Duty> conditions = new ArrayList<>();
        for (Condition condition : a.conditions()) {
          if (condition instanceof FactCondition f) {
            facts |= 1 << f.fact().ordinal();
          } else {
            Duty d = ((DutyCondition) condition).duty();
            if (!conditions.contains(d)) {
              conditions.add(d);
            }
          }
        }
        clauseDuties = conditions.isEmpty() ? null : conditions.toArray(new Duty[0]);
      } else if (clause instanceof DenyClause d) {
        kind = PackedClause.DENY;
        purposes = purposeMask(d.purposes());
      } else if (clause instanceof OnlyClause o) {
        kind = PackedClause.ONLY;
        purposes = 1 << o.purpose().ordinal();
      } else {
        kind = PackedClause.DUTY;
        purposes = 0;
        clauseDuties = new Duty[] {((DutyClause) clause).duty()};
      }
      anyFact |= facts != 0;
      data[boundaries + i] = PackedClause.pack(kind, purposes, facts, first, end);
      if (clauseDuties != null) {
        if (duties == null) {
          duties = new Duty[clauses.size()][];
        }
        duties[i] = clauseDuties;
      }
      Span span = clause.span();
      if (spansReadable) {
        long range = ClauseTexts.nextRange(source, nextRangeFrom);
        spansReadable = span != null && range == ((long) span.offset() << 32 | span.end()) && span.line() == 1
            && span.column() == span.offset() + 1;
        nextRangeFrom = (int) range + 1;
      }
      String text = printer.apply(clause);
      boolean textReadable = readable && span != null && span.end() <= source.length()
          && text.length() == span.length() && source.startsWith(text, span.offset());
      if (!textReadable) {
        if (texts == null) {
          texts = new String[clauses.size()];
        }
        texts[i] = text.equals(source) ? source : text; // one string for key and reason
      }
    }
    if (spansReadable && ClauseTexts.nextRange(source, nextRangeFrom) != ClauseTexts.NO_RANGE) {
      spansReadable = false; // more regions than clauses: not what the parser made
    }
    Span[] spans = null;
    if (!spansReadable) {
      spans = new Span[clauses.size()];
      for (int i = 0; i < spans.length; i++) {
        spans[i] = clauses.get(i).span();
      }
    }
    extras = duties == null && texts == null && spans == null && nanos == null
        ? null
        : new CompactTerms.Extras(duties, texts, spans, nanos, null, null, null);
  }

  private static int purposeMask(List<Purpose> purposes) {
    int mask = 0;
    for (Purpose p : purposes) {
      mask |= 1 << p.ordinal();
    }
    return mask;
  }
}
