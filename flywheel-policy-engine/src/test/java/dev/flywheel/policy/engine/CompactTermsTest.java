package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.engine.compact.Capacity;
import dev.flywheel.policy.engine.compact.CompactTerms;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiled form: time segments, shared decisions, and the bound on the table size. */
class CompactTermsTest {
  private static final Decision SILENT = new Decision.Deny(Decision.Basis.DEFAULT,
      List.of(new dev.flywheel.policy.Reason(dev.flywheel.policy.Layer.DEFAULT, null, null, "default")), List.of(),
      List.of());

  private static CompactTerms compile(String terms) {
    Policy policy = TermsParser.withDefaults().parse(terms).policy().orElseThrow();
    return CompactTerms.compile(policy, terms, TermsPrinter::print);
  }

  @Test
  void segmentAt_boundaryBelongsToTheSegmentItStarts() {
    CompactTerms c = compile("deny train from 2026-01-01 until 2027-01-01");
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant until = Instant.parse("2027-01-01T00:00:00Z");
    assertEquals(3, c.segments());
    assertEquals(0, c.segmentAt(from.minusNanos(1)));
    assertEquals(1, c.segmentAt(from));
    assertEquals(1, c.segmentAt(until.minusNanos(1)));
    assertEquals(2, c.segmentAt(until));
    assertEquals(0, c.segmentAt(Instant.parse("1960-01-01T00:00:00Z")));
  }

  @Test
  void decide_equalDecisionsForDifferentPurposes_shareOneInstance() {
    CompactTerms c = compile("eval-only");
    assertTrue(c.hasTable());
    Decision train = c.decide(Purpose.TRAIN, 0, 0, 0, SILENT);
    Decision search = c.decide(Purpose.SEARCH, 0, 0, 0, SILENT);
    Decision eval = c.decide(Purpose.EVAL, 0, 0, 0, SILENT);
    assertSame(train, search);
    assertNotSame(train, eval);
    assertEquals(Decision.Kind.ALLOW, eval.kind());
    // The canonical clause text is the terms string itself: one string for key and reasons.
    assertSame(eval.reasons().get(0).clause(), c.decide(Purpose.EVAL, 0, 0, 0, SILENT).reasons().get(0).clause());
  }

  @Test
  void decide_manyTimeBounds_noTableButSameDecisionsAsTheModel() {
    StringBuilder terms = new StringBuilder("allow ai if open-weights");
    LocalDate day = LocalDate.of(2026, 1, 1);
    for (int i = 0; i < 20; i++) {
      terms.append("; ").append(i % 2 == 0 ? "deny train" : "allow train").append(" from ").append(day.plusDays(i))
          .append(" until ").append(day.plusDays(i + 1));
    }
    CompactTerms c = compile(terms.toString());
    assertFalse(c.hasTable());
    Policy policy = TermsParser.withDefaults().parse(terms.toString()).policy().orElseThrow();
    for (int i = -1; i < 22; i++) {
      Instant t = day.plusDays(i).atStartOfDay(ZoneOffset.UTC).toInstant();
      for (Purpose p : Purpose.values()) {
        Request r = Request.of(p).withFacts(i % 3 == 0 ? new Fact[] {Fact.OPEN_WEIGHTS} : new Fact[0]).at(t);
        Decision d = c.decide(p, c.segmentAt(t), i % 3 == 0 ? 1 : 0, 0, SILENT);
        assertEquals(ReferenceModel.decide(policy, r, t, DefaultDecision.DENY, TermsPrinter::print),
            ReferenceModel.Result.of(d), "at " + t + " " + p);
      }
    }
  }

  /** Terms with {@code bounds} distinct time bounds and one fact condition. */
  private static String slicedTerms(int bounds) {
    StringBuilder terms = new StringBuilder("allow ai if open-weights");
    LocalDate day = LocalDate.of(2026, 1, 1);
    for (int i = 0; i < bounds; i++) {
      terms.append("; deny train until ").append(day.plusDays(i));
    }
    return terms.toString();
  }

  @Test
  void compile_tableAtTheSegmentLimitWithFacts_keptAndOnePastIt_notKept() {
    CompactTerms atLimit = compile(slicedTerms(15)); // 16 segments: 7 purposes x 16 x 4 fact sets = 448 cells
    CompactTerms pastLimit = compile(slicedTerms(16)); // 17 segments
    assertEquals(16, atLimit.segments());
    assertEquals(16, Capacity.MAX_TABLE_SEGMENTS_WITH_FACTS);
    assertTrue(atLimit.hasTable());
    assertFalse(pastLimit.hasTable());
    Instant t = Instant.parse("2026-01-10T00:00:00Z");
    assertEquals(Decision.Kind.DENY, atLimit.decide(Purpose.TRAIN, atLimit.segmentAt(t), 1, 0, SILENT).kind());
    assertEquals(Decision.Kind.DENY, pastLimit.decide(Purpose.TRAIN, pastLimit.segmentAt(t), 1, 0, SILENT).kind());
    Instant later = Instant.parse("2026-03-01T00:00:00Z");
    assertEquals(Decision.Kind.ALLOW,
        pastLimit.decide(Purpose.TRAIN, pastLimit.segmentAt(later), 1, 0, SILENT).kind());
  }

  /** Terms with {@code bounds} distinct time bounds, two per clause (the parser allows 64 clauses), no fact. */
  private static String slicedTermsWithoutFacts(int bounds) {
    StringBuilder terms = new StringBuilder("allow ai");
    LocalDate day = LocalDate.of(2026, 1, 1);
    for (int i = 0; i + 1 < bounds; i += 2) {
      terms.append("; deny train from ").append(day.plusDays(i)).append(" until ").append(day.plusDays(i + 1));
    }
    if (bounds % 2 == 1) {
      terms.append("; deny train until ").append(day.plusDays(bounds - 1));
    }
    return terms.toString();
  }

  @Test
  void compile_tableAtTheSegmentLimitWithoutFacts_keptAndOnePastIt_notKept() {
    CompactTerms atLimit = compile(slicedTermsWithoutFacts(63));
    CompactTerms pastLimit = compile(slicedTermsWithoutFacts(64));
    assertEquals(Capacity.MAX_TABLE_SEGMENTS_WITHOUT_FACTS, atLimit.segments());
    assertTrue(atLimit.hasTable());
    assertFalse(pastLimit.hasTable());
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(Decision.Kind.DENY, atLimit.decide(Purpose.TRAIN, atLimit.segmentAt(t), 0, 0, SILENT).kind());
    assertEquals(Decision.Kind.DENY, pastLimit.decide(Purpose.TRAIN, pastLimit.segmentAt(t), 0, 0, SILENT).kind());
    Instant later = Instant.parse("2026-06-01T00:00:00Z");
    assertEquals(
        Decision.Kind.ALLOW, pastLimit.decide(Purpose.TRAIN, pastLimit.segmentAt(later), 0, 0, SILENT).kind());
  }

  @Test
  void keepsTable_segmentLimitDoesNotDependOnTheNumberOfFacts() {
    // Counted in segments, so a vocabulary with a third fact would not halve the segments a table holds.
    assertTrue(Capacity.keepsTable(Capacity.MAX_TABLE_SEGMENTS_WITH_FACTS, true));
    assertFalse(Capacity.keepsTable(Capacity.MAX_TABLE_SEGMENTS_WITH_FACTS + 1, true));
    assertTrue(Capacity.keepsTable(Capacity.MAX_TABLE_SEGMENTS_WITHOUT_FACTS, false));
    assertFalse(Capacity.keepsTable(Capacity.MAX_TABLE_SEGMENTS_WITHOUT_FACTS + 1, false));
  }
}
