package dev.flywheel.policy.register;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The entries of a verified log reduced to what applying the register needs: who has a key, the statements, rosters,
 * withdrawals and releases, each with its {@code seq}, its {@code issuedAt} and its effective time. Built once from a
 * verified log ({@link Register#of}); the log's signatures, tree and envelopes play no further part.
 *
 * <p>Serializable, so that a verified register can be shipped to other JVMs (a Spark job's executors) without
 * reading the folder again. Every time here is the one the log gave; an absent {@code effective} means "from
 * {@code issuedAt}" (rule R4 of docs/LANGUAGE.md section 10.4 counts an entry only from both).
 */
record RegisterFacts(
    List<Keyed> keyed,
    List<StatementFact> statements,
    List<RosterFact> rosters,
    List<WithdrawalFact> withdrawals,
    List<ReleaseFact> releases) implements Serializable {

  RegisterFacts {
    keyed = List.copyOf(keyed);
    statements = List.copyOf(statements);
    rosters = List.copyOf(rosters);
    withdrawals = List.copyOf(withdrawals);
    releases = List.copyOf(releases);
  }

  /** A collective's key admitted by the operator at {@code issuedAt}: from then on the register speaks for it. */
  record Keyed(long seq, String collective, Instant issuedAt) implements Serializable {
    Keyed {
      Objects.requireNonNull(collective, "collective");
      Objects.requireNonNull(issuedAt, "issuedAt");
    }
  }

  /** A collective's statement; {@code collective} is its issuer (rule 6). */
  record StatementFact(long seq, String collective, Instant issuedAt, Instant effective, String terms,
      Instant contributedFrom, Instant contributedUntil, Set<String> tags, Set<Long> supersedes)
      implements Serializable {
    StatementFact {
      Objects.requireNonNull(collective, "collective");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(terms, "terms");
      tags = Set.copyOf(tags);
      supersedes = Set.copyOf(supersedes);
    }

    Instant from() {
      return effective == null || effective.isBefore(issuedAt) ? issuedAt : effective;
    }
  }

  /** A collective's full member list from its effective time on, replacing its earlier rosters. */
  record RosterFact(long seq, String collective, Instant issuedAt, Instant effective, Set<String> members)
      implements Serializable {
    RosterFact {
      Objects.requireNonNull(collective, "collective");
      Objects.requireNonNull(issuedAt, "issuedAt");
      members = Set.copyOf(members);
    }

    Instant from() {
      return effective == null || effective.isBefore(issuedAt) ? issuedAt : effective;
    }
  }

  /**
   * Items and contributors withdrawn from the effective time on; {@code collective} is the issuing collective, or
   * {@code null} for the steward (whose withdrawal covers any item).
   */
  record WithdrawalFact(long seq, String collective, Instant issuedAt, Instant effective, Set<String> items,
      Set<String> contributors) implements Serializable {
    WithdrawalFact {
      Objects.requireNonNull(issuedAt, "issuedAt");
      items = Set.copyOf(items);
      contributors = Set.copyOf(contributors);
    }

    Instant from() {
      return effective == null || effective.isBefore(issuedAt) ? issuedAt : effective;
    }
  }

  /** A release recorded by the steward: the SHA-256 digests (lower-case hex) of its records' canonical JSON. */
  record ReleaseFact(long seq, String release, Instant issuedAt, Set<String> digests)
      implements Serializable {
    ReleaseFact {
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(issuedAt, "issuedAt");
      digests = Set.copyOf(digests);
    }
  }
}
