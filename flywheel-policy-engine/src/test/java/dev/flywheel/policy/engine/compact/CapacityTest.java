package dev.flywheel.policy.engine.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.engine.semantics.FactMasks;
import dev.flywheel.policy.engine.semantics.Semantics;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed form's capacity limits: each checked, at and past its bound, with the semantics deciding past it. */
class CapacityTest {
  private static final Decision DEFAULT = Semantics.defaultDecision(DefaultDecision.DENY);
  private static final String TERMS = "deny train until 2027-01-01; allow ai if open-weights; eval-only from "
      + "2028-01-01T00:00:00.5Z; attribution";
  private static final List<Instant> TIMES = List.of(Instant.parse("2026-06-01T00:00:00Z"),
      Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00.4Z"),
      Instant.parse("2028-01-01T00:00:00.5Z"), Instant.parse("2030-01-01T00:00:00Z"));

  private static Policy parsed(String terms) {
    return TermsParser.withDefaults().parse(terms).policy().orElseThrow();
  }

  @Test
  void packs_eightPurposesFit_aNinthDoesNot() {
    assertTrue(Capacity.packs(Capacity.MAX_PURPOSES, 2));
    assertFalse(Capacity.packs(Capacity.MAX_PURPOSES + 1, 2));
  }

  @Test
  void packs_headOfSixteenBitsFull_fitsAndOneFactMore_doesNot() {
    assertTrue(Capacity.packs(7, Capacity.MAX_HEAD_BITS - 2 - 7));
    assertFalse(Capacity.packs(7, Capacity.MAX_HEAD_BITS - 2 - 7 + 1));
    assertTrue(Capacity.VOCABULARY_PACKS, "this build's purposes and facts fit the packed form");
  }

  @Test
  void compile_vocabularyPastCapacity_keepsTheTreeAndDecidesAsTheSemantics() {
    Policy policy = parsed(TERMS);
    CompactTerms unpacked = CompactTerms.compile(policy, TERMS, TermsPrinter::print, false, Capacity.MAX_BOUNDARIES);
    assertTrue(unpacked.isUnpacked());
    assertFalse(unpacked.hasTable());
    assertDecidesAsSemantics(policy, unpacked);
  }

  @Test
  void compile_boundariesAtTheLimit_packedAndOnePast_decidedByTheSemantics() {
    Policy policy = parsed(TERMS); // two distinct instants
    CompactTerms atLimit = CompactTerms.compile(policy, TERMS, TermsPrinter::print, true, 2);
    CompactTerms pastLimit = CompactTerms.compile(policy, TERMS, TermsPrinter::print, true, 1);
    assertFalse(atLimit.isUnpacked());
    assertTrue(atLimit.hasTable());
    assertTrue(pastLimit.isUnpacked());
    assertDecidesAsSemantics(policy, atLimit);
    assertDecidesAsSemantics(policy, pastLimit);
  }

  @Test
  void retainedBytesEstimate_unpackedTerms_countTheKeptTree() {
    Policy policy = parsed(TERMS);
    CompactTerms packed = CompactTerms.compile(policy, TERMS, TermsPrinter::print);
    CompactTerms unpacked = CompactTerms.compile(policy, TERMS, TermsPrinter::print, false, Capacity.MAX_BOUNDARIES);
    assertTrue(unpacked.retainedBytesEstimate() > 4 * 512, "estimate " + unpacked.retainedBytesEstimate());
    assertTrue(unpacked.quickBytesBound() >= unpacked.retainedBytesEstimate());
    assertTrue(packed.quickBytesBound() >= packed.retainedBytesEstimate());
  }

  private static void assertDecidesAsSemantics(Policy policy, CompactTerms compiled) {
    for (Instant t : TIMES) {
      for (Purpose p : Purpose.values()) {
        for (Fact[] facts : new Fact[][] {{}, {Fact.OPEN_WEIGHTS}}) {
          Request request = Request.of(p).withFacts(facts).at(t);
          Decision expected = Semantics.decide(policy, request, t, DEFAULT, TermsPrinter::print);
          Decision actual = compiled.decide(p, compiled.segmentAt(t), FactMasks.of(request), 0, DEFAULT);
          assertEquals(expected, actual, p + " at " + t + " with " + List.of(facts));
        }
      }
    }
  }
}
