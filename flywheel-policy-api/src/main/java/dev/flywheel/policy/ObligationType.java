package dev.flywheel.policy;

import java.util.Optional;

/** The kinds of {@link Duty} a consumer may have to perform; a {@link Request} lists those it can honour. */
public enum ObligationType {
  /** Credit the contributor (and the collective, where the terms name one). */
  ATTRIBUTION("attribution"),
  /** Pay a named collective, per item when the terms give an amount. */
  PAYMENT("payment"),
  /** Stay within a volume cap; the caller's ledger counts, the engine does not. */
  QUOTA("quota");

  private static final ObligationType[] VALUES = values();
  private final String word;

  ObligationType(String word) {
    this.word = word;
  }

  /** {@return the word used in JSON and on the command line, e.g. {@code payment}} */
  public String word() {
    return word;
  }

  /**
   * {@return the type spelled {@code word}, if any}
   *
   * @param word the word as written in JSON or on the command line; {@code null} gives empty
   */
  public static Optional<ObligationType> fromWord(String word) {
    for (ObligationType t : VALUES) {
      if (t.word.equals(word)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return word;
  }
}
