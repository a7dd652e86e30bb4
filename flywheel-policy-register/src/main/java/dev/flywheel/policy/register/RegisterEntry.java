package dev.flywheel.policy.register;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a register's log: the payload of one signed line of {@code entries.jsonl}, after its envelope, its
 * signature and its place in the log were verified. docs/REGISTER.md gives the JSON form of each kind.
 *
 * <p>Every entry has its position {@link #seq()} (0, 1, 2, ... without gap), the {@link #issuer()} whose admitted
 * key signed it, and the time {@link #issuedAt()} it claims to have been issued (never before the previous entry's).
 * Entries are immutable values; lists are copied.
 */
public sealed interface RegisterEntry
    permits RegisterEntry.Admit, RegisterEntry.Retire, RegisterEntry.Statement, RegisterEntry.Roster,
        RegisterEntry.Withdrawal, RegisterEntry.Release {

  /** The issuer of {@code admit} and {@code retire} entries: the holder of the pinned operator key. */
  String OPERATOR = "operator";

  /** The issuer of releases and of withdrawals made on a contributor's behalf: the flywheel's steward. */
  String STEWARD = "steward";

  /** {@return the entry's position in the log, from 0} */
  long seq();

  /** {@return who signed the entry: {@link #OPERATOR}, {@link #STEWARD} or a collective's name} */
  String issuer();

  /** {@return when the issuer says it issued the entry} */
  Instant issuedAt();

  /** {@return the entry's kind as written in its payload: {@code admit}, {@code statement}, ...} */
  String kind();

  /**
   * The operator admits {@code subject}'s Ed25519 public key: from this entry on, that key signs for {@code subject}.
   *
   * @param seq position in the log
   * @param issuer always {@link #OPERATOR}
   * @param issuedAt when it was issued
   * @param subject the issuer admitted: a collective's name or {@link #STEWARD}
   * @param publicKey the key, as base64 of its X.509 SubjectPublicKeyInfo DER encoding
   * @param keyid the key's id, {@link Keys#keyId} of the key (lower-case hex SHA-256 of that DER encoding)
   */
  record Admit(long seq, String issuer, Instant issuedAt, String subject, String publicKey, String keyid)
      implements RegisterEntry {
    /**
     * Creates the entry.
     *
     * @param seq position in the log
     * @param issuer always {@link #OPERATOR}
     * @param issuedAt when it was issued
     * @param subject the issuer admitted
     * @param publicKey the key, base64 of its SubjectPublicKeyInfo DER encoding
     * @param keyid the key's id
     * @throws NullPointerException if a component is null
     */
    public Admit {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(publicKey, "publicKey");
      Objects.requireNonNull(keyid, "keyid");
    }

    @Override
    public String kind() {
      return "admit";
    }
  }

  /**
   * The operator retires one key of {@code subject}. The key signs nothing after this entry, whatever time a later
   * entry claims; entries it signed earlier in the log whose {@code issuedAt} is at or after {@code effective} are
   * revoked (kept in the log, never counted: {@link VerifiedLog#isRevoked(long)}), which is how a compromised key's
   * entries are disowned.
   *
   * @param seq position in the log
   * @param issuer always {@link #OPERATOR}
   * @param issuedAt when it was issued
   * @param subject the issuer whose key is retired
   * @param keyid the retired key's id
   * @param effective from when the key's entries no longer count
   */
  record Retire(long seq, String issuer, Instant issuedAt, String subject, String keyid, Instant effective)
      implements RegisterEntry {
    /**
     * Creates the entry.
     *
     * @param seq position in the log
     * @param issuer always {@link #OPERATOR}
     * @param issuedAt when it was issued
     * @param subject the issuer whose key is retired
     * @param keyid the retired key's id
     * @param effective from when the key's entries no longer count
     * @throws NullPointerException if a component is null
     */
    public Retire {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(keyid, "keyid");
      Objects.requireNonNull(effective, "effective");
    }

    @Override
    public String kind() {
      return "retire";
    }
  }

  /**
   * Which records a statement covers: the same scope as a record's collective statement (docs/RECORDS.md).
   *
   * @param contributedFrom covers records contributed at or after this instant, or {@code null} for no lower bound
   * @param contributedUntil covers records contributed before this instant, or {@code null} for no upper bound
   * @param tags {@code key:value} tags (key one of {@code language}, {@code domain}, {@code kind},
   *     {@code scarcity}); when not empty, covers records carrying at least one of them
   */
  record Scope(Instant contributedFrom, Instant contributedUntil, List<String> tags) {
    /** The scope that covers every record. */
    public static final Scope ALL = new Scope(null, null, List.of());

    /**
     * Creates the scope; copies the tags.
     *
     * @param contributedFrom lower bound, inclusive, or {@code null}
     * @param contributedUntil upper bound, exclusive, or {@code null}
     * @param tags the tags
     * @throws NullPointerException if {@code tags} is null
     */
    public Scope {
      tags = List.copyOf(tags);
    }
  }

  /**
   * A collective's terms for its records. The collective is the issuer: a key admitted for one collective cannot
   * speak for another.
   *
   * @param seq position in the log
   * @param issuer the collective
   * @param issuedAt when it was issued
   * @param terms the terms, valid in the flywheel-policy language (checked when the log is verified)
   * @param effective when the statement takes effect, or {@code null} for always
   * @param scope which records it covers
   * @param supersedes earlier statements of the same collective (by {@code seq}) this one replaces
   */
  record Statement(long seq, String issuer, Instant issuedAt, String terms, Instant effective, Scope scope,
                   List<Long> supersedes) implements RegisterEntry {
    /**
     * Creates the entry; copies the list.
     *
     * @param seq position in the log
     * @param issuer the collective
     * @param issuedAt when it was issued
     * @param terms the terms
     * @param effective when it takes effect, or {@code null} for always
     * @param scope which records it covers
     * @param supersedes the statements it replaces
     * @throws NullPointerException if a component other than {@code effective} is null
     */
    public Statement {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(terms, "terms");
      Objects.requireNonNull(scope, "scope");
      supersedes = List.copyOf(supersedes);
    }

    /** {@return the collective that makes the statement: the issuer} */
    public String collective() {
      return issuer;
    }

    @Override
    public String kind() {
      return "statement";
    }
  }

  /**
   * A collective's full member list from {@code effective} on, replacing its earlier roster.
   *
   * @param seq position in the log
   * @param issuer the collective
   * @param issuedAt when it was issued
   * @param effective when it takes effect
   * @param members contributor ids, distinct
   */
  record Roster(long seq, String issuer, Instant issuedAt, Instant effective, List<String> members)
      implements RegisterEntry {
    /**
     * Creates the entry; copies the list.
     *
     * @param seq position in the log
     * @param issuer the collective
     * @param issuedAt when it was issued
     * @param effective when it takes effect
     * @param members contributor ids
     * @throws NullPointerException if a component is null
     */
    public Roster {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(effective, "effective");
      members = List.copyOf(members);
    }

    @Override
    public String kind() {
      return "roster";
    }
  }

  /**
   * Items and contributors withdrawn from {@code effective} on. Signed by a collective (it covers only items that
   * belong to it) or by {@link #STEWARD} (any item, on a contributor's behalf).
   *
   * @param seq position in the log
   * @param issuer the collective or {@link #STEWARD}
   * @param issuedAt when it was issued
   * @param effective when it takes effect
   * @param items withdrawn item (record) ids
   * @param contributors contributor ids whose items are all withdrawn
   */
  record Withdrawal(long seq, String issuer, Instant issuedAt, Instant effective, List<String> items,
                    List<String> contributors) implements RegisterEntry {
    /**
     * Creates the entry; copies the lists.
     *
     * @param seq position in the log
     * @param issuer the collective or the steward
     * @param issuedAt when it was issued
     * @param effective when it takes effect
     * @param items withdrawn item ids
     * @param contributors withdrawn contributor ids
     * @throws NullPointerException if a component is null
     */
    public Withdrawal {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(effective, "effective");
      items = List.copyOf(items);
      contributors = List.copyOf(contributors);
    }

    @Override
    public String kind() {
      return "withdrawal";
    }
  }

  /**
   * The steward's record of a release: the SHA-256 of each released record's RFC 8785 canonical JSON, listed in
   * {@code releases/<release>.digests} of the register folder.
   *
   * @param seq position in the log
   * @param issuer always {@link #STEWARD}
   * @param issuedAt when it was issued
   * @param release the release's id
   * @param records how many records it holds (the digests file's line count)
   * @param digest lower-case hex SHA-256 of the digests file's bytes
   * @param root lower-case hex RFC 9162 root over the digests (each leaf the 32 bytes of one digest)
   * @param digests the digests, lower-case hex, in file order, as loaded and checked against {@code digest} and
   *     {@code root}
   */
  record Release(long seq, String issuer, Instant issuedAt, String release, long records, String digest, String root,
                 List<String> digests) implements RegisterEntry {
    /**
     * Creates the entry; copies the list.
     *
     * @param seq position in the log
     * @param issuer the steward
     * @param issuedAt when it was issued
     * @param release the release's id
     * @param records the record count
     * @param digest the digests file's SHA-256
     * @param root the root over the digests
     * @param digests the digests
     * @throws NullPointerException if a component is null
     */
    public Release {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(root, "root");
      digests = List.copyOf(digests);
    }

    @Override
    public String kind() {
      return "release";
    }
  }
}
