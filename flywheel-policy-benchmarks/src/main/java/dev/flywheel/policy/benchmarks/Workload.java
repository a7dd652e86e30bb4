package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The policy every engine in the benchmarks decides, and its requests. The policy is
 * {@code deny train until 2027-01-01; allow eval}; distinct terms of a working set differ only in the {@code until}
 * date (all after the request time), so every one of them gives the same answers and the peers need one rule set.
 */
final class Workload {
  /** The request time: before every {@code until} date of the working sets. */
  static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
  static final Request TRAIN = Request.of(Purpose.TRAIN).at(AT);
  static final Request EVAL = Request.of(Purpose.EVAL).at(AT);
  /** Requests alternate train (an explicit deny) and eval (an explicit allow). */
  static final Request[] REQUESTS = {TRAIN, EVAL};
  static final String SHORT_TERMS = "deny train until 2027-01-01; allow eval";
  static final String LONG_TERMS = "deny train-genai until 2027-01-01; allow train if open-weights and attribution and "
      + "pay collective \"Te Hiku Media\" 0.002 EUR per item; allow eval, search; limit 5000 per month; "
      + "deny input from 2026-06-01 until 2027-06-01";

  private Workload() {}

  /** {@code count} distinct terms equivalent to {@link #SHORT_TERMS} at {@link #AT}, in random (seeded) order. */
  static String[] distinctTerms(int count, long seed) {
    List<String> terms = new ArrayList<>(count);
    LocalDate first = LocalDate.of(2027, 1, 1);
    for (int i = 0; i < count; i++) {
      terms.add("deny train until " + first.plusDays(i) + "; allow eval");
    }
    Collections.shuffle(terms, new Random(seed));
    return terms.toArray(new String[0]);
  }

  /** The expected answer: train denied explicitly, eval allowed explicitly. */
  static boolean expectedAllowed(Request request) {
    return request.purpose() == Purpose.EVAL;
  }

  /** Fails unless {@code engine} gives the expected explicit answer for {@code terms} and {@code request}. */
  static Decision checked(PolicyEngine engine, String terms, Request request) {
    Decision d = engine.decide(terms, request);
    boolean ok = d.basis() == Decision.Basis.EXPLICIT && d.isAllowed() == expectedAllowed(request)
        && (d instanceof Decision.Allow || d instanceof Decision.Deny);
    if (!ok) {
      throw new IllegalStateException("unexpected decision for '" + terms + "' " + request + ": " + d);
    }
    return d;
  }
}
