package dev.flywheel.policy.engine;

import com.github.benmanes.caffeine.cache.Weigher;
import dev.flywheel.policy.engine.compact.CompactTerms;
import dev.flywheel.policy.engine.compact.RetainedSize;

/**
 * Weighs a cache entry in estimated retained bytes (see {@link RetainedSize}): the terms text (the key, which is
 * also the compiled form's source), the cache's bookkeeping for the entry, and
 * {@link CompactTerms#retainedBytesEstimate()}, which covers the decision table however full it becomes.
 * Every entry weighs at least {@code floor}, so that a cache bounded by weight also holds at most
 * {@code maximumWeight / floor} entries: that is how the engine's bound on the number of entries and its bound on
 * bytes hold together (Caffeine takes one or the other). Never throws, never returns less than 1.
 */
final class TermsWeigher implements Weigher<String, CompactTerms> {
  /**
   * Caffeine's node for a weighed entry (key, value, weights, queue links), its ConcurrentHashMap node, that map's
   * table slots at its load factor (twice as many just after the table grows), and the entry's share of the
   * frequency sketch: about 96 bytes, counted as 128 so that invalid terms, whose other parts are estimated closely,
   * keep a margin.
   */
  static final long ENTRY_BYTES = 128;

  private final int floor;

  TermsWeigher(int floor) {
    this.floor = Math.max(1, floor);
  }

  @Override
  public int weigh(String key, CompactTerms compiled) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(floor, estimate(key, compiled)));
  }

  /** The estimated bytes an entry of {@code key} and {@code compiled} retains, without the floor. */
  static long estimate(String key, CompactTerms compiled) {
    return ENTRY_BYTES + keyBytes(key, compiled) + compiled.retainedBytesEstimate();
  }

  /** A bound at or above {@link #estimate}: a few operations without side parts, else linear in the clauses. */
  static long quickBound(String key, CompactTerms compiled) {
    return ENTRY_BYTES + keyBytes(key, compiled) + compiled.quickBytesBound();
  }

  private static long keyBytes(String key, CompactTerms compiled) {
    return key == compiled.source()
        ? RetainedSize.string(key.length(), compiled.hasAsciiSource() ? 1 : 2) // no need to look at its chars
        : RetainedSize.string(key) + RetainedSize.string(compiled.source());
  }
}
