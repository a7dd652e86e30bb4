package dev.flywheel.policy.filter.receipt;

import dev.flywheel.policy.register.Checkpoint;
import dev.flywheel.policy.register.MerkleTree;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.VerifiedLog;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A verified register and its prefixes: the register as it stood after its first {@code k} entries, for any
 * {@code k}. An audit decides a receipt's run under the prefix the receipt names, and finds which entry changed a
 * line's decision as the shortest prefix under which the line is already denied. Prefixes are indexed when first
 * asked for; the last {@value #KEPT_PREFIXES} used are kept (a binary search asks for the same midpoints line after
 * line), so memory is bounded by that many indexes of the register. Not thread-safe.
 */
public final class RegisterHistory {
  private static final Checkpoint NONE = new Checkpoint(0, HexFormat.of().formatHex(MerkleTree.emptyRoot()));

  private final VerifiedLog log;
  /** How many prefixes' indexes are kept, least recently used first out. */
  public static final int KEPT_PREFIXES = 32;

  private final Map<Integer, Register> prefixes = new java.util.LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Register> eldest) {
      return size() > KEPT_PREFIXES;
    }
  };

  /**
   * Creates the history of a verified log.
   *
   * @param log the log, verified
   */
  public RegisterHistory(VerifiedLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  /** {@return how many prefixes' indexes are kept now, at most {@link #KEPT_PREFIXES}} */
  int keptPrefixes() {
    return prefixes.size();
  }

  /** {@return the number of entries} */
  public int size() {
    return log.entries().size();
  }

  /**
   * {@return the register made of the first {@code k} entries (revoked entries among them left out)}
   *
   * @param k how many entries, {@code 0 <= k <= size()}
   */
  public Register prefix(int k) {
    Objects.checkIndex(k, size() + 1);
    return prefixes.computeIfAbsent(k, n -> {
      if (n == size()) {
        return Register.of(log);
      }
      List<RegisterEntry> entries = log.entries().subList(0, n);
      Set<Long> revoked = log.revoked().stream().filter(s -> s < n).collect(Collectors.toSet());
      return Register.of(new VerifiedLog(entries, NONE, revoked));
    });
  }

  /**
   * {@return the entry at {@code seq}}
   *
   * @param seq its position
   */
  public RegisterEntry entry(long seq) {
    return log.entries().get((int) seq);
  }

  /**
   * {@return since when an entry acts: its {@code effective} time when it has one, else its {@code issuedAt}}
   *
   * @param seq the entry's position
   */
  public Instant since(long seq) {
    RegisterEntry e = entry(seq);
    Instant effective = null;
    if (e instanceof RegisterEntry.Statement s) {
      effective = s.effective();
    } else if (e instanceof RegisterEntry.Roster r) {
      effective = r.effective();
    } else if (e instanceof RegisterEntry.Withdrawal w) {
      effective = w.effective();
    } else if (e instanceof RegisterEntry.Retire r) {
      effective = r.effective();
    }
    return effective != null && effective.isAfter(e.issuedAt()) ? effective : e.issuedAt();
  }
}
