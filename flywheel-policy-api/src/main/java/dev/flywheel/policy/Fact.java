package dev.flywheel.policy;

import java.util.Optional;

/**
 * Facts a consumer declares about itself in a {@link Request}. A clause's fact condition holds only when the request
 * declares that fact; the engine never infers one.
 */
public enum Fact {
  /** The model trained or evaluated with the item is released with open weights. */
  OPEN_WEIGHTS("open-weights"),
  /** The use is non-commercial. */
  NONCOMMERCIAL("noncommercial");

  private static final Fact[] VALUES = values();
  private final String word;

  Fact(String word) {
    this.word = word;
  }

  /** {@return the word for this fact in the terms language, e.g. {@code open-weights}} */
  public String word() {
    return word;
  }

  /**
   * {@return the fact spelled {@code word} (exact, lower-case), if any}
   *
   * @param word the word as written in terms; {@code null} gives empty
   */
  public static Optional<Fact> fromWord(String word) {
    for (Fact f : VALUES) {
      if (f.word.equals(word)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return word;
  }
}
