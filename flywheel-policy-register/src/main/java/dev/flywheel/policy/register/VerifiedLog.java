package dev.flywheel.policy.register;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A register's log after verification: every entry, in {@code seq} order, and the checkpoint it matches. Only
 * {@link RegisterLog} makes one, and only from a log that passed every check; there is no partial log.
 *
 * <p>Entries signed by a retired key with an {@code issuedAt} at or after the retirement's {@code effective} stay in
 * the log (removing them would break the tree) but are revoked: {@link #isRevoked(long)} says so, and nothing that
 * decides may count them.
 *
 * @param entries every entry, entry {@code i} at index {@code i}
 * @param checkpoint the operator's verified tree head: over all the entries, or over the first {@code size} of them
 *     when entries were appended after the operator last signed one (each of those is verified all the same)
 * @param revoked the {@code seq}s of revoked entries
 */
public record VerifiedLog(List<RegisterEntry> entries, Checkpoint checkpoint, Set<Long> revoked) {
  /**
   * Creates the value; copies the collections.
   *
   * @param entries the entries in order
   * @param checkpoint the checkpoint
   * @param revoked revoked entries' {@code seq}s
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the checkpoint covers more entries than there are
   */
  public VerifiedLog {
    entries = List.copyOf(entries);
    Objects.requireNonNull(checkpoint, "checkpoint");
    revoked = Set.copyOf(revoked);
    if (checkpoint.size() > entries.size()) {
      throw new IllegalArgumentException("checkpoint size " + checkpoint.size() + " but " + entries.size() + " entries");
    }
  }

  /**
   * Whether an entry is revoked: signed by a key whose retirement's {@code effective} is at or before the entry's
   * {@code issuedAt}.
   *
   * @param seq the entry's position
   * @return true if it must not be counted
   */
  public boolean isRevoked(long seq) {
    return revoked.contains(seq);
  }
}
