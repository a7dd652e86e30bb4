package dev.flywheel.policy;

import java.util.Optional;

/** The period of a volume cap ({@code limit 5000 per month}). Periods are calendar periods in UTC. */
public enum QuotaPeriod {
  DAY("day"),
  WEEK("week"),
  MONTH("month"),
  YEAR("year");

  private static final QuotaPeriod[] VALUES = values();
  private final String word;

  QuotaPeriod(String word) {
    this.word = word;
  }

  /** The word for this period in the terms language. */
  public String word() {
    return word;
  }

  /** The period spelled {@code word}, if any. */
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
