package dev.flywheel.policy.records;

import dev.flywheel.policy.ItemTerms;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A contribution record that passed {@link RecordValidator}: the typed form of one line of a records file
 * (schema {@code contribution-record.schema.json}, version 1, described in {@code docs/RECORDS.md}).
 *
 * <p>Every terms string in a record built by the validator ({@link #preference()} and each statement's terms) is in
 * canonical form, as printed by {@code TermsPrinter}, so equal terms compare equal as strings. Instances are
 * immutable.
 *
 * @param schemaVersion always 1
 * @param id the record's id
 * @param contributor the pseudonymous contributor id
 * @param collectives the collectives the item belongs to, in record order, without repeats
 * @param provenance where, how and when it was contributed
 * @param licence the SPDX licence id
 * @param released when it was released under the licence, or {@code null} for "at contribution"
 * @param preference the contributor's terms, canonical
 * @param statements later statements, in record order
 * @param tags what the item is
 * @param content the contribution itself, or {@code null}
 * @param extensions the {@code extensions} object as compact JSON text ({@code {}} when absent); never interpreted
 */
public record ContributionRecord(
    int schemaVersion,
    String id,
    String contributor,
    List<String> collectives,
    Provenance provenance,
    String licence,
    Instant released,
    String preference,
    List<Statement> statements,
    Tags tags,
    String content,
    String extensions) {

  /**
   * Creates the record: rejects a missing required component; copies the collections, so the record is immutable.
   *
   * @param schemaVersion always 1
   * @param id the record's id
   * @param contributor the pseudonymous contributor id
   * @param collectives the collectives the item belongs to, in record order, without repeats
   * @param provenance where, how and when it was contributed
   * @param licence the SPDX licence id
   * @param released when it was released under the licence, or {@code null} for "at contribution"
   * @param preference the contributor's terms, canonical
   * @param statements later statements, in record order
   * @param tags what the item is
   * @param content the contribution itself, or {@code null}
   * @param extensions the {@code extensions} object as compact JSON text ({@code {}} when absent); never interpreted
   * @throws NullPointerException if a required component is null
   */
  public ContributionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(contributor, "contributor");
    collectives = List.copyOf(collectives);
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(preference, "preference");
    statements = List.copyOf(statements);
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(extensions, "extensions");
  }

  /**
   * Where, how and when the item was contributed.
   *
   * @param source where it was collected
   * @param method how it was collected
   * @param created when it was contributed ({@link ItemTerms#contributedAt()})
   */
  public record Provenance(String source, String method, Instant created) {
    /**
     * Creates the record: rejects a missing required component.
     *
     * @param source where it was collected
     * @param method how it was collected
     * @param created when it was contributed ({@link ItemTerms#contributedAt()})
     * @throws NullPointerException if a required component is null
     */
    public Provenance {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(created, "created");
    }
  }

  /**
   * The item's tags; each may be absent ({@code null}).
   *
   * @param language e.g. {@code yo}
   * @param domain e.g. {@code news}
   * @param kind e.g. {@code text}
   * @param scarcity e.g. {@code scarce}
   */
  public record Tags(String language, String domain, String kind, String scarcity) {

    /** No tags. */
    public static final Tags NONE = new Tags(null, null, null, null);

    /**
     * {@return the tags as {@code key:value} strings ({@code language:yo}), in the order language, domain, kind,
     * scarcity}
     */
    public Set<String> asStrings() {
      Set<String> out = new LinkedHashSet<>();
      add(out, "language", language);
      add(out, "domain", domain);
      add(out, "kind", kind);
      add(out, "scarcity", scarcity);
      return out;
    }

    private static void add(Set<String> out, String key, String value) {
      if (value != null) {
        out.add(key + ":" + value);
      }
    }
  }

  /** One entry of {@code statements}: a contributor's preference shift or a collective's statement. */
  public sealed interface Statement permits ContributorStatement, CollectiveStatement {
    /** {@return the statement's terms, canonical} */
    String terms();
  }

  /**
   * {@code "by": "contributor"}: from {@code effective} on, replaces the contributor's earlier terms.
   *
   * @param effective when it takes effect
   * @param terms the terms, canonical
   */
  public record ContributorStatement(Instant effective, String terms) implements Statement {
    /**
     * Creates the record: rejects a missing required component.
     *
     * @param effective when it takes effect
     * @param terms the terms, canonical
     * @throws NullPointerException if a required component is null
     */
    public ContributorStatement {
      Objects.requireNonNull(effective, "effective");
      Objects.requireNonNull(terms, "terms");
    }
  }

  /**
   * {@code "by": "collective"}: a collective's statement about its records.
   *
   * @param collective the collective's name
   * @param effective when it takes effect, or {@code null} for always
   * @param terms the terms, canonical
   * @param scope which of the collective's records it covers; {@link Scope#ALL} when the record gives none
   */
  public record CollectiveStatement(String collective, Instant effective, String terms, Scope scope)
      implements Statement {
    /**
     * Creates the record: rejects a missing required component.
     *
     * @param collective the collective's name
     * @param effective when it takes effect, or {@code null} for always
     * @param terms the terms, canonical
     * @param scope which of the collective's records it covers; {@link Scope#ALL} when the record gives none
     * @throws NullPointerException if a required component is null
     */
    public CollectiveStatement {
      Objects.requireNonNull(collective, "collective");
      Objects.requireNonNull(terms, "terms");
      Objects.requireNonNull(scope, "scope");
    }
  }

  /**
   * Which records a collective statement covers.
   *
   * @param contributedFrom records contributed at or after this instant, or {@code null}
   * @param contributedUntil records contributed before this instant, or {@code null}
   * @param tags when not empty, records carrying at least one of these {@code key:value} tags
   */
  public record Scope(Instant contributedFrom, Instant contributedUntil, List<String> tags) {
    /** Every record of the collective. */
    public static final Scope ALL = new Scope(null, null, List.of());

    /**
     * Creates the record: copies the collections, so the record is immutable.
     *
     * @param contributedFrom records contributed at or after this instant, or {@code null}
     * @param contributedUntil records contributed before this instant, or {@code null}
     * @param tags when not empty, records carrying at least one of these {@code key:value} tags
     */
    public Scope {
      tags = List.copyOf(tags);
    }
  }

  /**
   * {@return the record as the engine's layered input: {@code preference} is the contributor's terms from
   * {@code provenance.created}; contributor statements are preference shifts; collective statements keep their
   * scope; tags become {@code key:value} strings; {@code released} is the licence's start ({@code null}: at
   * contribution)} The record gives no steward defaults.
   */
  public ItemTerms toItemTerms() {
    // Built through the record's constructor from immutable lists and sets, which it keeps as they are: no builder,
    // no growable lists and no copies of them per record, since the filter converts every record it decides.
    int count = statements.size();
    int shiftCount = 0;
    for (int i = 0; i < count; i++) {
      if (statements.get(i) instanceof ContributorStatement) {
        shiftCount++;
      }
    }
    ItemTerms.Statement[] shifts = new ItemTerms.Statement[shiftCount];
    ItemTerms.CollectiveStatement[] byCollectives = new ItemTerms.CollectiveStatement[count - shiftCount];
    int shift = 0;
    int byCollective = 0;
    for (int i = 0; i < count; i++) {
      Statement s = statements.get(i);
      if (s instanceof ContributorStatement c) {
        shifts[shift++] = new ItemTerms.Statement(c.effective(), c.terms());
      } else if (s instanceof CollectiveStatement c) {
        byCollectives[byCollective++] = new ItemTerms.CollectiveStatement(c.collective(), c.terms(), c.effective(),
            c.scope().contributedFrom(), c.scope().contributedUntil(), stringSet(c.scope().tags()));
      }
    }
    return new ItemTerms(preference, provenance.created(), listOf(shifts), listOf(byCollectives), null,
        collectiveSet(collectives), itemTags(tags), licence, released);
  }

  /** {@code List.of(items)}, without an array for the common none. */
  private static <T> List<T> listOf(T[] items) {
    return items.length == 0 ? List.of() : List.of(items);
  }

  /**
   * Most distinct {@link Tags} whose {@link #itemTags} are kept; past that all are forgotten at once. A dataset
   * repeats a few combinations of tags over millions of records.
   */
  static final int MAX_KEPT_TAG_SETS = 1024;

  private static final ConcurrentHashMap<Tags, Set<String>> ITEM_TAGS = new ConcurrentHashMap<>();

  /** {@code tags} as the immutable set of {@code key:value} strings an item's terms hold, made once per value. */
  static Set<String> itemTags(Tags tags) {
    Set<String> kept = ITEM_TAGS.get(tags);
    if (kept == null) {
      if (ITEM_TAGS.size() >= MAX_KEPT_TAG_SETS) {
        ITEM_TAGS.clear();
      }
      kept = Set.copyOf(tags.asStrings());
      ITEM_TAGS.put(tags, kept);
    }
    return kept;
  }

  /** {@code Set.copyOf(names)}, without its intermediate hash set for the common lists of none or one name. */
  private static Set<String> collectiveSet(List<String> names) {
    return switch (names.size()) {
      case 0 -> Set.of();
      case 1 -> Set.of(names.get(0));
      default -> Set.copyOf(names);
    };
  }

  /**
   * The distinct {@code values} as an immutable set (unordered), which the item's terms keep without a copy.
   */
  private static Set<String> stringSet(List<String> values) {
    return switch (values.size()) {
      case 0 -> Set.of();
      case 1 -> Set.of(values.get(0));
      default -> Set.copyOf(values); // immutable, so the item's terms keep it without a second copy
    };
  }

  /** {@return the contributor statements, in record order} */
  public List<ContributorStatement> preferenceShifts() {
    List<ContributorStatement> out = new ArrayList<>();
    for (Statement s : statements) {
      if (s instanceof ContributorStatement c) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }
}
