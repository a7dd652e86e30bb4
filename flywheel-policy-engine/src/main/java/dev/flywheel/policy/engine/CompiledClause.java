package dev.flywheel.policy.engine;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Span;

/**
 * One clause reduced to bit masks and segment indices: what deciding needs and nothing of the parse tree.
 *
 * <p>Purposes and facts are sets of enum ordinals packed into an {@code int}; the time window is the range of time
 * segments (see {@link CompiledTerms}) in which the clause is active.
 */
final class CompiledClause {
  static final byte ALLOW = 0;
  static final byte DENY = 1;
  static final byte ONLY = 2;
  static final byte DUTY = 3;

  private static final Duty[] NO_DUTIES = new Duty[0];
  private static final Purpose[] PURPOSES = Purpose.values();

  final byte kind;
  /** Bit per purpose ordinal named by an allow or deny clause; for {@code P-only} the bit of P. */
  final int purposes;
  /** Bit per fact ordinal an allow clause requires. */
  final int requiredFacts;
  /** The duty conditions of an allow clause, or the one duty of a standalone duty clause. */
  final Duty[] duties;
  /** First time segment in which the clause is active. */
  final int firstSegment;
  /** First time segment, after {@link #firstSegment}, in which it is no longer active. */
  final int endSegment;
  /** Canonical text, as reasons show it. */
  final String text;
  /** Position in the source, or {@code null}. */
  final Span span;

  CompiledClause(
      byte kind, int purposes, int requiredFacts, Duty[] duties, int firstSegment, int endSegment, String text,
      Span span) {
    this.kind = kind;
    this.purposes = purposes;
    this.requiredFacts = requiredFacts;
    this.duties = duties.length == 0 ? NO_DUTIES : duties;
    this.firstSegment = firstSegment;
    this.endSegment = endSegment;
    this.text = text;
    this.span = span;
  }

  boolean activeIn(int segment) {
    return firstSegment <= segment && segment < endSegment;
  }

  boolean names(Purpose p) {
    return (purposes & (1 << p.ordinal())) != 0;
  }

  /** The purpose of a {@code P-only} clause. */
  Purpose onlyPurpose() {
    return PURPOSES[Integer.numberOfTrailingZeros(purposes)];
  }

  /** The purposes named, as words joined by ", ", in the order of the purpose tree. */
  String purposeWords() {
    StringBuilder words = new StringBuilder();
    for (Purpose p : PURPOSES) {
      if (names(p)) {
        if (words.length() > 0) {
          words.append(", ");
        }
        words.append(p.word());
      }
    }
    return words.toString();
  }
}
