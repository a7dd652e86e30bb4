package dev.flywheel.policy.engine.compact;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;

/**
 * One clause packed into one long (see the package essay): kind in bits 0-1, a purpose mask (one bit per purpose
 * ordinal) from bit 2, a required-fact mask (one bit per fact ordinal) after the purposes, all within bits 0-15; the
 * first time segment in which the clause is active in bits 16-39, and the first segment after that in which it is no
 * longer active in bits 40-63. Only valid when {@link Capacity#VOCABULARY_PACKS}.
 */
final class PackedClause {
  private PackedClause() {}

  static final Purpose[] PURPOSES = Purpose.values();
  static final Fact[] FACTS = Fact.values();

  static final int ALLOW = 0;
  static final int DENY = 1;
  static final int ONLY = 2;
  static final int DUTY = 3;

  private static final int PURPOSE_SHIFT = 2;
  private static final int FACT_SHIFT = PURPOSE_SHIFT + PURPOSES.length;
  private static final int PURPOSE_BITS = (1 << PURPOSES.length) - 1;
  private static final int FACT_BITS = (1 << FACTS.length) - 1;
  /** Bits 0-15 hold kind, purposes and facts: {@link Capacity#packs} checks that they fit. */
  static final int HEAD_BITS = 16;
  private static final int FIRST_SEGMENT_SHIFT = 16;
  private static final int END_SEGMENT_SHIFT = 40;
  static final int SEGMENT_MASK = (1 << 24) - 1;
  /** The largest number of boundaries a packed clause can index (the parser's limits allow at most 128). */
  static final int MAX_BOUNDARIES = SEGMENT_MASK - 1;

  static long pack(int kind, int purposes, int facts, int firstSegment, int endSegment) {
    return kind | purposes << PURPOSE_SHIFT | facts << FACT_SHIFT
        | (long) firstSegment << FIRST_SEGMENT_SHIFT | (long) endSegment << END_SEGMENT_SHIFT;
  }

  static int kind(long head) {
    return (int) head & 3;
  }

  static int purposes(long head) {
    return (int) (head >>> PURPOSE_SHIFT) & PURPOSE_BITS;
  }

  static int requiredFacts(long head) {
    return (int) (head >>> FACT_SHIFT) & FACT_BITS;
  }

  /** Rule 8 by segment: active from its first segment up to, not including, its end segment. */
  static boolean activeIn(long head, int segment) {
    return ((int) (head >>> FIRST_SEGMENT_SHIFT) & SEGMENT_MASK) <= segment
        && segment < ((int) (head >>> END_SEGMENT_SHIFT) & SEGMENT_MASK);
  }

  static boolean names(long head, Purpose p) {
    return (purposes(head) & (1 << p.ordinal())) != 0;
  }

  /** The purpose of a {@code P-only} clause. */
  static Purpose onlyPurpose(long head) {
    return PURPOSES[Integer.numberOfTrailingZeros(purposes(head))];
  }
}
