package dev.flywheel.policy.usage;

import java.util.Objects;

/**
 * Whose cap a quota is: the collective named in the duty's scope, or the contributor whose own terms set it.
 *
 * @param kind a collective's cap or a contributor's own
 * @param name the collective's name or the contributor's id, not empty
 */
public record QuotaOwner(Kind kind, String name) {

  /** Who owns a quota. The {@link #word() words} are stable: they are stored and printed. */
  public enum Kind {
    /** The collective named in the duty's scope. */
    COLLECTIVE("collective"),
    /** The record's contributor, for a duty without scope. */
    CONTRIBUTOR("contributor");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    /** {@return {@code collective} or {@code contributor}} */
    public String word() {
      return word;
    }

    /**
     * {@return the kind spelled {@code word}}
     *
     * @param word {@code collective} or {@code contributor}
     * @throws IllegalArgumentException for any other word
     */
    public static Kind fromWord(String word) {
      for (Kind k : values()) {
        if (k.word.equals(word)) {
          return k;
        }
      }
      throw new IllegalArgumentException("not an owner kind: " + word);
    }
  }

  /**
   * Creates the record.
   *
   * @param kind a collective's cap or a contributor's own
   * @param name the collective's name or the contributor's id
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public QuotaOwner {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an owner's name is empty");
    }
  }
}
