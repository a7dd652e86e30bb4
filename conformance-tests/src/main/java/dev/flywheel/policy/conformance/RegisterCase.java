package dev.flywheel.policy.conformance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A register described in a case file ({@code registers} in suite/README.md): the entries of a signed log in plain
 * JSON, the operator's checkpoint over it, and deliberate faults applied to the written folder. Keys are never part of
 * it: a runner generates a throwaway Ed25519 key for every key label it names, so no decision depends on key bytes.
 *
 * @param name the register's name in its file
 * @param entries the entries, in log order
 * @param checkpoint how the operator's checkpoint is signed
 * @param faults changes made to the folder after it was written and checkpointed, in order
 */
public record RegisterCase(String name, List<Entry> entries, CheckpointSpec checkpoint, List<Fault> faults) {

  /** The key label of the pinned operator key. */
  public static final String OPERATOR_KEY = "operator";

  /**
   * Creates the description; copies the lists.
   *
   * @param name the register's name
   * @param entries the entries
   * @param checkpoint the checkpoint
   * @param faults the faults
   * @throws NullPointerException if a component is null
   */
  public RegisterCase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(checkpoint, "checkpoint");
    entries = List.copyOf(entries);
    faults = List.copyOf(faults);
  }

  /**
   * One entry of the log. Which fields are used depends on {@code kind}; the others are {@code null} or empty.
   *
   * @param kind {@code admit}, {@code retire}, {@code statement}, {@code roster}, {@code withdrawal} or {@code release}
   * @param seq the {@code seq} written, or {@code null} for the entry's index in the list
   * @param issuer the payload's {@code issuer}: {@code operator} for admit and retire, {@code steward} for a release
   *     unless the case says otherwise
   * @param issuedAt the payload's {@code issuedAt}
   * @param signedBy the label of the signing key, or {@code null} for the issuer's key: the operator's for
   *     {@code operator}, else the key last admitted for the issuer earlier in the list (a fresh, never admitted key
   *     when there is none)
   * @param subject admit, retire: the issuer admitted or retired
   * @param key admit: the label of the key admitted; retire: the label of the key retired
   * @param effective retire, statement, roster, withdrawal: the payload's {@code effective} ({@code null} for a
   *     statement in force always)
   * @param terms statement: the terms
   * @param contributedFrom statement: the scope's lower bound, or {@code null}
   * @param contributedUntil statement: the scope's upper bound, or {@code null}
   * @param tags statement: the scope's tags
   * @param supersedes statement: the {@code seq}s it supersedes
   * @param members roster: the contributor ids
   * @param items withdrawal: the item ids
   * @param contributors withdrawal: the contributor ids
   * @param release release: its id
   * @param records release: the released records, each as the exact bytes of its JSON text
   */
  public record Entry(String kind, Long seq, String issuer, Instant issuedAt, String signedBy, String subject,
      String key, Instant effective, String terms, Instant contributedFrom, Instant contributedUntil,
      List<String> tags, List<Long> supersedes, List<String> members, List<String> items, List<String> contributors,
      String release, List<byte[]> records) {

    /**
     * Creates the entry; copies the lists.
     *
     * @throws NullPointerException if {@code kind}, {@code issuer} or {@code issuedAt} is null, or a list is
     */
    public Entry {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(issuedAt, "issuedAt");
      tags = List.copyOf(tags);
      supersedes = List.copyOf(supersedes);
      members = List.copyOf(members);
      items = List.copyOf(items);
      contributors = List.copyOf(contributors);
      records = List.copyOf(records);
    }
  }

  /**
   * The operator's checkpoint.
   *
   * @param size how many entries, from the first, it covers, or {@code null} for all
   * @param signedBy the label of the key that signs it ({@link #OPERATOR_KEY} unless a case says otherwise)
   */
  public record CheckpointSpec(Integer size, String signedBy) {
    /** The checkpoint over the whole log, signed by the operator. */
    public static final CheckpointSpec WHOLE_LOG = new CheckpointSpec(null, OPERATOR_KEY);

    /**
     * Creates the specification.
     *
     * @throws NullPointerException if {@code signedBy} is null
     */
    public CheckpointSpec {
      Objects.requireNonNull(signedBy, "signedBy");
    }
  }

  /**
   * A change to the written folder, made after the checkpoint was signed (a tampered copy of a published register).
   *
   * @param fault {@code change-byte} (one character of line {@code seq}'s base64 payload changed),
   *     {@code remove-line}, {@code swap-lines} (lines {@code seq} and {@code seq + 1} exchanged),
   *     {@code duplicate-line} (a copy of line {@code seq} inserted after it), {@code cut-last-line-feed},
   *     {@code remove-checkpoint} or {@code edit-digests} (one digest of release {@code release}'s digests file
   *     changed)
   * @param seq the line the fault applies to, or {@code null}
   * @param release the release the fault applies to, or {@code null}
   */
  public record Fault(String fault, Integer seq, String release) {
    /**
     * Creates the fault.
     *
     * @throws NullPointerException if {@code fault} is null
     */
    public Fault {
      Objects.requireNonNull(fault, "fault");
    }
  }
}
