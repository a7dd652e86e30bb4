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
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiled form: time segments, shared decisions, and the bound on the table size. */
class CompiledTermsTest {
  private static final Decision SILENT = new Decision.Deny(Decision.Basis.DEFAULT,
      List.of(new dev.flywheel.policy.Reason(dev.flywheel.policy.Layer.DEFAULT, null, null, "default")), List.of(),
      List.of());

  private static CompiledTerms compile(String terms) {
    Policy policy = TermsParser.withDefaults().parse(terms).policy().orElseThrow();
    return CompiledTerms.compile(policy, terms, TermsPrinter::print);
  }

  @Test
  void segmentAt_boundaryBelongsToTheSegmentItStarts() {
    CompiledTerms c = compile("deny train from 2026-01-01 until 2027-01-01");
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
    CompiledTerms c = compile("eval-only");
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
    CompiledTerms c = compile(terms.toString());
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
  void compile_tableAtTheCellLimit_keptAndOnePastIt_notKept() {
    CompiledTerms atLimit = compile(slicedTerms(15)); // 7 purposes x 16 segments x 4 fact sets = 448 cells
    CompiledTerms pastLimit = compile(slicedTerms(16)); // 7 x 17 x 4 = 476
    assertEquals(16, atLimit.segments());
    assertEquals(7 * 16 * 4, CompiledTerms.MAX_CELLS);
    assertTrue(atLimit.hasTable());
    assertFalse(pastLimit.hasTable());
    Instant t = Instant.parse("2026-01-10T00:00:00Z");
    assertEquals(Decision.Kind.DENY, atLimit.decide(Purpose.TRAIN, atLimit.segmentAt(t), 1, 0, SILENT).kind());
    assertEquals(Decision.Kind.DENY, pastLimit.decide(Purpose.TRAIN, pastLimit.segmentAt(t), 1, 0, SILENT).kind());
    Instant later = Instant.parse("2026-03-01T00:00:00Z");
    assertEquals(Decision.Kind.ALLOW,
        pastLimit.decide(Purpose.TRAIN, pastLimit.segmentAt(later), 1, 0, SILENT).kind());
  }
}
