package dev.flywheel.policy;

import java.util.Optional;

/** The period of a volume cap ({@code limit 5000 per month}). Periods are calendar periods in UTC. */
public enum QuotaPeriod {
  /** A calendar day in UTC, from 00:00. */
  DAY("day"),
  /** An ISO week in UTC, from Monday 00:00. */
  WEEK("week"),
  /** A calendar month in UTC, from the 1st at 00:00. */
  MONTH("month"),
  /** A calendar year in UTC, from 1 January at 00:00. */
  YEAR("year");

  private static final QuotaPeriod[] VALUES = values();
  private final String word;

  QuotaPeriod(String word) {
    this.word = word;
  }

  /** {@return the word for this period in the terms language} */
  public String word() {
    return word;
  }

  /**
   * {@return the period spelled {@code word}, if any}
   *
   * @param word the word as written in terms; {@code null} gives empty
   */
  public static Optional<QuotaPeriod> fromWord(String word) {
    for (QuotaPeriod p : VALUES) {
      if (p.word.equals(word)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return word;
  }
}
