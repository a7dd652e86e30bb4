package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.engine.compact.CompactTerms;
import dev.flywheel.policy.engine.compact.DecisionCells;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compact compiled form reads clause texts and spans back from the source instead of keeping them: every reason
 * must still name the clause's canonical text and its exact span, whatever the way the terms were written.
 */
class CompactFormTest {
  /**
   * Canonical and non-canonical writing (some exactly as long as the canonical text), several lines, tabs, surrogate
   * pairs, sub-second bounds, duties.
   */
  private static final List<String> TERMS = List.of(
      "deny train until 2027-01-01; allow eval",
      "no-train;   allow   eval ;",
      "train if attribution; eval-only until 2027-01-01",
      "deny train\n; allow eval\r\n;\tallow search if open-weights;\rdeny input",
      "allow ai if noncommercial and open-weights; deny train-genai from 2026-01-01 until 2027-01-01",
      "pay collective \"\uD83A\uDD00\" 0.002 EUR per item; allow train; deny eval",
      "allow train from 2026-06-15T12:00:00.5Z; deny train until 2026-06-15T12:00:00.250Z; search-only",
      "pay collective \"Te Hiku Media\"; limit 5000 per month; allow eval if attribution",
      "allow train if pay collective masakhane 1 EUR per item\n  and attribution; deny ai until 2026-01-01",
      "eval-only; deny eval",
      "deny\ttrain; allow  eval,search",
      "  pay collective \"semi;colon \\\"quoted\\\" \\\\\" ;\tallow eval  ;  ",
      "deny train;allow eval;",
      "pay collective \"x\\\";y\"; allow eval",
      "allow train from 2027-01-01T00:00:00+00:00");

  private static final List<Fact[]> FACT_SETS = List.of(
      new Fact[0], new Fact[] {Fact.OPEN_WEIGHTS}, new Fact[] {Fact.NONCOMMERCIAL},
      new Fact[] {Fact.OPEN_WEIGHTS, Fact.NONCOMMERCIAL});

  private static String fiveBounds(String purpose, int year) {
    return "deny train until " + year + "-01-01; deny eval until " + year + "-02-01; deny " + purpose + " until " + year
        + "-03-01; allow ai from " + year + "-04-01; allow any from " + year + "-05-01";
  }

  private static CompactTerms compile(String terms) {
    return CompactTerms.compile(parsed(terms), terms, TermsPrinter::print);
  }

  private static Policy parsed(String terms) {
    return TermsParser.withDefaults().parse(terms).policy().orElseThrow(() -> new AssertionError(terms));
  }

  /** A time in every segment of {@code policy}, and each boundary itself. */
  private static List<Instant> timesAcross(Policy policy) {
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
    List<Instant> times = new ArrayList<>(List.of(Instant.parse("2020-01-01T00:00:00Z")));
    for (Instant b : bounds) {
      times.add(b.minusNanos(1));
      times.add(b);
    }
    times.add(Instant.parse("2030-01-01T00:00:00Z"));
    return times;
  }

  /** Every reason that names a clause names one of {@code policy}'s, by its canonical text and its exact span. */
  private static void assertReasonsNameTheirClauses(Policy policy, Decision d, String context) {
    for (Reason r : d.reasons()) {
      if (r.clause() == null) {
        continue;
      }
      Clause named = null;
      for (Clause c : policy.clauses()) {
        if (c.span().equals(r.span())) {
          named = c;
        }
      }
      assertNotNull(named, "no clause at " + r.span() + " for " + context);
      assertEquals(TermsPrinter.print(named), r.clause(), context);
      assertTrue(r.message().startsWith("'" + r.clause() + "' "), r.message());
    }
  }

  @Test
  void decide_textReadBackFromSource_equalsDecisionFromKeptTexts() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    int compared = 0;
    for (String terms : TERMS) {
      Policy policy = parsed(terms);
      for (Instant at : timesAcross(policy)) {
        for (Purpose p : Purpose.values()) {
          for (Fact[] facts : FACT_SETS) {
            for (boolean honour : new boolean[] {false, true}) {
              Request r = Request.of(p).withFacts(facts).at(at);
              if (honour) {
                r = r.honouring(ObligationType.values());
              }
              // From text: texts and spans read back from the source. From the tree: kept as parsed.
              Decision fromText = engine.decide(terms, r);
              Decision fromTree = engine.decide(policy, r);
              String context = "'" + terms + "' " + r;
              assertEquals(fromTree, fromText, context);
              assertReasonsNameTheirClauses(policy, fromText, context);
              compared++;
            }
          }
        }
      }
    }
    assertTrue(compared > 1000, "compared " + compared);
  }

  @Test
  void decide_layeredTerms_reasonsNameTheirClausesInTheirLayer() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    for (String terms : TERMS) {
      Policy policy = parsed(terms);
      ItemTerms item = ItemTerms.builder().terms(terms).build();
      for (Instant at : timesAcross(policy)) {
        for (Purpose p : Purpose.values()) {
          Decision d = engine.decide(item, Request.of(p).at(at));
          assertReasonsNameTheirClauses(policy, d, "'" + terms + "' " + p + " at " + at);
          for (Reason r : d.reasons()) {
            if (r.clause() != null) {
              assertEquals(Layer.CONTRIBUTOR, r.layer());
            }
          }
        }
      }
    }
  }

  @Test
  void compile_termsOnOneLine_spansAndCanonicalTextsReadBackNotKept() {
    for (String terms : TERMS) {
      boolean oneLine = terms.indexOf('\n') < 0 && terms.indexOf('\r') < 0;
      boolean surrogates = terms.codePointCount(0, terms.length()) != terms.length();
      Policy policy = parsed(terms);
      CompactTerms c = CompactTerms.compile(policy, terms, TermsPrinter::print);
      assertEquals(!oneLine || surrogates, c.keepsSpans(), terms);
      for (int i = 0; i < policy.clauses().size(); i++) {
        Span span = policy.clauses().get(i).span();
        String written = terms.substring(terms.offsetByCodePoints(0, span.offset()),
            terms.offsetByCodePoints(0, span.end()));
        boolean canonical = written.equals(TermsPrinter.print(policy.clauses().get(i)));
        assertEquals(!canonical || surrogates, c.keepsText(i), terms + " clause " + i);
      }
    }
    CompactTerms tree = CompactTerms.compile(parsed("deny train; allow eval"), null, TermsPrinter::print);
    assertTrue(tree.keepsSpans());
    assertTrue(tree.keepsText(0));
  }

  @Test
  void compile_twoClauseTerms_threeCellsAndAnInlineClassMap() {
    CompactTerms c = compile("deny train until 2027-01-01; allow eval");
    // Train and train-genai before the date; eval always; every other pair is silent.
    assertEquals(3, c.cellCount());
    assertTrue(c.classMapInline());
    assertNull(c.sharedClassMap());
  }

  @Test
  void compile_manyTimeBoundsOfOneShape_shareOneClassMapArray() {
    // Five bounds: 7 purposes x 6 segments, more than 64 bits of class indices.
    CompactTerms a = compile(fiveBounds("search", 2027));
    CompactTerms b = compile(fiveBounds("search", 2031));
    CompactTerms other = compile(fiveBounds("input", 2027));
    assertFalse(a.classMapInline());
    assertNotNull(a.sharedClassMap());
    assertSame(a.sharedClassMap(), b.sharedClassMap());
    assertNotSame(a.sharedClassMap(), other.sharedClassMap());
  }

  @Test
  void decide_clauseOnALaterLine_spanKeepsLineAndColumn() {
    Decision d = EngineFixtures.engine().decide("allow eval;\n  deny train", Request.of(Purpose.TRAIN));
    assertEquals(new Span(14, 10, 2, 3), d.reasons().get(0).span());
    assertEquals("deny train", d.reasons().get(0).clause());
  }

  @Test
  void decide_termsDifferingOnlyInAnotherClause_shareTheEqualDecision() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    Request eval = Request.of(Purpose.EVAL);
    Decision first = engine.decide("deny train until 2027-01-01; allow eval", eval);
    Decision second = engine.decide("deny train until 2027-01-02; allow eval", eval);
    assertSame(first, second);
    Decision train1 = engine.decide("deny train until 2027-01-01; allow eval", Request.of(Purpose.TRAIN));
    Decision train2 = engine.decide("deny train until 2027-01-02; allow eval", Request.of(Purpose.TRAIN));
    assertNotSame(train1, train2);
    assertEquals("deny train until 2027-01-02", train2.reasons().get(0).clause());
  }

  @Test
  void share_cellWithLongMessages_notKept() {
    Object[] table = new Object[4];
    Decision small = allowWithMessage("x".repeat(DecisionCells.MAX_SHARED_MESSAGE_CHARS));
    assertSame(small, DecisionCells.share(table, small));
    assertSame(small, DecisionCells.share(table, allowWithMessage("x".repeat(DecisionCells.MAX_SHARED_MESSAGE_CHARS))));
    Decision big = allowWithMessage("y".repeat(DecisionCells.MAX_SHARED_MESSAGE_CHARS + 1));
    assertSame(big, DecisionCells.share(table, big));
    Decision bigAgain = allowWithMessage("y".repeat(DecisionCells.MAX_SHARED_MESSAGE_CHARS + 1));
    assertSame(bigAgain, DecisionCells.share(table, bigAgain));
    for (Object kept : table) {
      assertTrue(kept == null || kept == small, "kept " + kept);
    }
  }

  private static Decision allowWithMessage(String message) {
    return new Decision.Allow(Decision.Basis.EXPLICIT, List.of(new Reason(Layer.TERMS, "allow eval", null, message)));
  }
}
