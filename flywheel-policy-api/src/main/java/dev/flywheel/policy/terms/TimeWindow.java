package dev.flywheel.policy.terms;

import java.time.Instant;

/**
 * When a clause is active: from {@code from} (inclusive) until {@code until} (exclusive). A date in the text means
 * 00:00 UTC of that day, so {@code until 2027-01-01} is active up to 2026-12-31T23:59:59.999999999Z and
 * {@code from 2027-01-01} from 2027-01-01T00:00:00Z on.
 *
 * @param from the first instant the clause is active, or {@code null} for no lower bound
 * @param until the first instant the clause is no longer active, or {@code null} for no upper bound
 */
public record TimeWindow(Instant from, Instant until) {

  /** No bounds: always active. */
  public static final TimeWindow ALWAYS = new TimeWindow(null, null);

  /**
   * Creates the record.
   *
   * @param from the first instant the clause is active, or {@code null} for no lower bound
   * @param until the first instant the clause is no longer active, or {@code null} for no upper bound
   * @throws IllegalArgumentException if both bounds are given and {@code from} is not before {@code until}
   */
  public TimeWindow {
    if (from != null && until != null && !from.isBefore(until)) {
      throw new IllegalArgumentException("empty time window: from " + from + " until " + until);
    }
  }

  /** {@return true when the window has no bounds} */
  public boolean isAlways() {
    return from == null && until == null;
  }

  /**
   * {@return true when {@code at} lies in the window}
   *
   * @param at the instant of use
   */
  public boolean contains(Instant at) {
    return (from == null || !at.isBefore(from)) && (until == null || at.isBefore(until));
  }
}
