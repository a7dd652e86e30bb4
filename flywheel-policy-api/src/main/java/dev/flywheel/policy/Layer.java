package dev.flywheel.policy;

import java.util.Objects;

/**
 * Where a deciding clause came from.
 *
 * @param kind the kind of source
 * @param name the collective's name for {@link Kind#COLLECTIVE}, the SPDX id for {@link Kind#LICENCE}, the deciding
 *     entry's {@code seq} in decimal for {@link Kind#REGISTER} (or {@code null} when no single entry decided),
 *     otherwise {@code null}
 */
public record Layer(Kind kind, String name) {

  /** Plain terms given as a string. */
  public static final Layer TERMS = new Layer(Kind.TERMS, null);
  /** The contributor's current statement of an item. */
  public static final Layer CONTRIBUTOR = new Layer(Kind.CONTRIBUTOR, null);
  /** The steward's defaults. */
  public static final Layer STEWARD = new Layer(Kind.STEWARD, null);
  /** The engine's configured default for uncovered purposes. */
  public static final Layer DEFAULT = new Layer(Kind.DEFAULT, null);
  /** The register as a whole, when no single entry decided (an item in no release in force). */
  public static final Layer REGISTER = new Layer(Kind.REGISTER, null);

  /** The kinds of source of a reason. */
  public enum Kind {
    /** Plain terms given as a string. */
    TERMS,
    /** The contributor's statement of an item (its terms or a later preference shift). */
    CONTRIBUTOR,
    /** The statement of a collective the item belongs to. */
    COLLECTIVE,
    /** The steward's defaults. */
    STEWARD,
    /** The floor of an irrevocable licence the item was released under. */
    LICENCE,
    /** The engine's configured default for uncovered purposes. */
    DEFAULT,
    /**
     * A verified register of signed statements (docs/REGISTER.md): an entry that withdrew the item, or the absence
     * of the item from every release in force.
     */
    REGISTER;

    // Worked out once: JSON output writes it for every decision, often per line of a run.
    private final String word = name().toLowerCase(java.util.Locale.ROOT);

    /** {@return the lower-case word used in JSON} */
    public String word() {
      return word;
    }
  }

  /**
   * Creates the record: rejects a missing required component.
   *
   * @param kind the kind of source
   * @param name the collective's name for {@link Kind#COLLECTIVE}, the SPDX id for {@link Kind#LICENCE}, the deciding
   *     entry's {@code seq} in decimal for {@link Kind#REGISTER} (or {@code null} when no single entry decided),
   *     otherwise {@code null}
   * @throws NullPointerException if a required component is null
   */
  public Layer {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * {@return a collective's statement}
   *
   * @param name the collective's name, as written in its statement
   */
  public static Layer collective(String name) {
    return new Layer(Kind.COLLECTIVE, Objects.requireNonNull(name, "name"));
  }

  /**
   * {@return an irrevocable licence}
   *
   * @param spdxId the SPDX id of the licence
   */
  public static Layer licence(String spdxId) {
    return new Layer(Kind.LICENCE, Objects.requireNonNull(spdxId, "spdxId"));
  }

  /**
   * {@return an entry of a verified register, named by its sequence number}
   *
   * @param seq the entry's {@code seq} in the register's log, from 0
   * @throws IllegalArgumentException if {@code seq} is negative
   */
  public static Layer registerEntry(long seq) {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative, was " + seq);
    }
    return new Layer(Kind.REGISTER, Long.toString(seq));
  }

  @Override
  public String toString() {
    return name == null ? kind.word() : kind.word() + " " + name;
  }
}
