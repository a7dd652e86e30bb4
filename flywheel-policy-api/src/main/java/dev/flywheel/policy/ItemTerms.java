package dev.flywheel.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that governs one item: the layered statements about it and the licence it was released under.
 *
 * <p>Layers, and how the engine combines them per purpose (any deny wins, the obligations of the allowing layers are
 * joined, silent layers are skipped, all silent means the default), are specified in {@code docs/LANGUAGE.md}:
 * <ul>
 *   <li>the contributor's statement: {@code terms} from {@code contributedAt}, replaced by each of
 *       {@code preferenceShifts} from its effective time on (a preference shift);
 *   <li>the statements of the item's collectives, each scoped to that collective's records contributed in a date range
 *       and, optionally, to records carrying one of its tags;
 *   <li>the steward's defaults;
 *   <li>the licence floor: an irrevocable licence (CC0-1.0, CC-BY-4.0, ...) keeps every use it grants from
 *       {@code releasedAt} on, whatever the statements say.
 * </ul>
 *
 * @param terms the contributor's terms as given with the contribution, or {@code null}
 * @param contributedAt when the item was contributed, or {@code null} if unknown
 * @param preferenceShifts later statements of the contributor, each replacing the earlier from its effective time
 * @param collectiveStatements statements of collectives about their records
 * @param stewardDefaults the steward's default terms, or {@code null}
 * @param collectives the collectives the item belongs to
 * @param tags the item's tags (language, domain, kind, ...)
 * @param licence the SPDX id of the licence the item was released under, or {@code null}
 * @param releasedAt when the item was released under that licence, or {@code null} for "at contribution"
 */
public record ItemTerms(
    String terms,
    Instant contributedAt,
    List<Statement> preferenceShifts,
    List<CollectiveStatement> collectiveStatements,
    String stewardDefaults,
    Set<String> collectives,
    Set<String> tags,
    String licence,
    Instant releasedAt) {

  /**
   * Creates the record: copies the collections, so the record is immutable.
   *
   * @param terms the contributor's terms as given with the contribution, or {@code null}
   * @param contributedAt when the item was contributed, or {@code null} if unknown
   * @param preferenceShifts later statements of the contributor, each replacing the earlier from its effective time
   * @param collectiveStatements statements of collectives about their records
   * @param stewardDefaults the steward's default terms, or {@code null}
   * @param collectives the collectives the item belongs to
   * @param tags the item's tags (language, domain, kind, ...)
   * @param licence the SPDX id of the licence the item was released under, or {@code null}
   * @param releasedAt when the item was released under that licence, or {@code null} for "at contribution"
   */
  public ItemTerms {
    preferenceShifts = List.copyOf(preferenceShifts);
    collectiveStatements = List.copyOf(collectiveStatements);
    collectives = Set.copyOf(collectives);
    tags = Set.copyOf(tags);
  }

  /**
   * A dated statement of the contributor: from {@code effective} on, it replaces the earlier ones.
   *
   * @param effective when it takes effect
   * @param terms the terms
   */
  public record Statement(Instant effective, String terms) {
    /**
     * Creates the record: rejects a missing required component.
     *
     * @param effective when it takes effect
     * @param terms the terms
     * @throws NullPointerException if a required component is null
     */
    public Statement {
      Objects.requireNonNull(effective, "effective");
      Objects.requireNonNull(terms, "terms");
    }
  }

  /**
   * A collective's statement about its records.
   *
   * @param collective the collective's name; applies only to items that belong to it
   * @param terms the terms
   * @param effective when the statement takes effect, or {@code null} for always
   * @param contributedFrom applies to records contributed at or after this instant, or {@code null}
   * @param contributedUntil applies to records contributed before this instant, or {@code null}
   * @param tags when not empty, applies only to records carrying at least one of these tags
   */
  public record CollectiveStatement(
      String collective,
      String terms,
      Instant effective,
      Instant contributedFrom,
      Instant contributedUntil,
      Set<String> tags) {
    /**
     * Creates the record: rejects a missing required component; copies the collections, so the record is immutable.
     *
     * @param collective the collective's name; applies only to items that belong to it
     * @param terms the terms
     * @param effective when the statement takes effect, or {@code null} for always
     * @param contributedFrom applies to records contributed at or after this instant, or {@code null}
     * @param contributedUntil applies to records contributed before this instant, or {@code null}
     * @param tags when not empty, applies only to records carrying at least one of these tags
     * @throws NullPointerException if a required component is null
     */
    public CollectiveStatement {
      Objects.requireNonNull(collective, "collective");
      Objects.requireNonNull(terms, "terms");
      tags = Set.copyOf(tags);
    }
  }

  /** {@return a fresh builder with nothing set} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ItemTerms}; not thread-safe. */
  public static final class Builder {
    private String terms;
    private Instant contributedAt;
    private final List<Statement> preferenceShifts = new ArrayList<>();
    private final List<CollectiveStatement> collectiveStatements = new ArrayList<>();
    private String stewardDefaults;
    private Set<String> collectives = Set.of();
    private Set<String> tags = Set.of();
    private String licence;
    private Instant releasedAt;

    private Builder() {}

    /**
     * Sets the contributor's terms as given with the contribution.
     *
     * @param value the terms, or {@code null} for none
     * @return this builder
     */
    public Builder terms(String value) {
      this.terms = value;
      return this;
    }

    /**
     * Sets when the item was contributed.
     *
     * @param value the instant, or {@code null} if unknown
     * @return this builder
     */
    public Builder contributedAt(Instant value) {
      this.contributedAt = value;
      return this;
    }

    /**
     * Adds a later statement of the contributor, replacing the earlier ones from {@code effective} on.
     *
     * @param effective when the statement takes effect
     * @param value the terms of the statement
     * @return this builder
     * @throws NullPointerException if {@code effective} or {@code value} is null
     */
    public Builder preferenceShift(Instant effective, String value) {
      this.preferenceShifts.add(new Statement(effective, value));
      return this;
    }

    /**
     * Adds the statement of a collective about its records.
     *
     * @param statement the statement
     * @return this builder
     * @throws NullPointerException if {@code statement} is null
     */
    public Builder collectiveStatement(CollectiveStatement statement) {
      this.collectiveStatements.add(Objects.requireNonNull(statement, "statement"));
      return this;
    }

    /**
     * Sets the steward's default terms.
     *
     * @param value the terms, or {@code null} for none
     * @return this builder
     */
    public Builder stewardDefaults(String value) {
      this.stewardDefaults = value;
      return this;
    }

    /**
     * Sets the collectives the item belongs to (copied).
     *
     * @param value the collective names
     * @return this builder
     * @throws NullPointerException if {@code value} or an element is null
     */
    public Builder collectives(Set<String> value) {
      this.collectives = Set.copyOf(value);
      return this;
    }

    /**
     * Sets the item's tags (copied).
     *
     * @param value the tags, as {@code key:value} strings
     * @return this builder
     * @throws NullPointerException if {@code value} or an element is null
     */
    public Builder tags(Set<String> value) {
      this.tags = Set.copyOf(value);
      return this;
    }

    /**
     * Sets the licence the item was released under.
     *
     * @param spdxId the SPDX id, or {@code null} for none
     * @return this builder
     */
    public Builder licence(String spdxId) {
      this.licence = spdxId;
      return this;
    }

    /**
     * Sets when the item was released under its licence.
     *
     * @param value the instant, or {@code null} for "at contribution"
     * @return this builder
     */
    public Builder releasedAt(Instant value) {
      this.releasedAt = value;
      return this;
    }

    /** {@return the item terms set so far; the builder can be reused} */
    public ItemTerms build() {
      return new ItemTerms(terms, contributedAt, preferenceShifts, collectiveStatements, stewardDefaults,
          collectives, tags, licence, releasedAt);
    }
  }
}
