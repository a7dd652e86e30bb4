package dev.flywheel.policy.filter;

/**
 * Bounds on what one filter run keeps in memory besides the lines in flight. The ledger grows with the number of
 * distinct contributors credited, collectives paid and quota owners, never with the number of records.
 *
 * @param maxItemIdsPerContributor item ids kept per credited contributor (0 or more); past it only the count grows
 * @param maxLedgerEntries distinct entries each ledger table may hold (credited contributors, payees, quota counters),
 *     at least 1; a record that would need one more is denied with reason {@link DenialReason#LEDGER_FULL}
 * @param batchLines lines in one chunk of a run (read, decided, settled and handed out together, on one thread or
 *     several), at least 1
 * @param batchBytes bytes of lines in one chunk (a chunk ends at this size or at {@code batchLines})
 */
public record FilterLimits(int maxItemIdsPerContributor, int maxLedgerEntries, int batchLines, int batchBytes) {

  /** Default ids kept per contributor. */
  public static final int DEFAULT_MAX_ITEM_IDS_PER_CONTRIBUTOR = 10;
  /** Default bound on each ledger table. */
  public static final int DEFAULT_MAX_LEDGER_ENTRIES = 1_000_000;

  /** 10 item ids per contributor, 1,000,000 entries per table, batches of 256 lines or 1 MiB. */
  public static final FilterLimits DEFAULTS = new FilterLimits(
      DEFAULT_MAX_ITEM_IDS_PER_CONTRIBUTOR, DEFAULT_MAX_LEDGER_ENTRIES, 256, 1 << 20);

  /**
   * Creates the record.
   *
   * @param maxItemIdsPerContributor item ids kept per credited contributor (0 or more); past it only the count grows
   * @param maxLedgerEntries distinct entries each ledger table may hold (credited contributors, payees, quota
   *     counters), at least 1; a record that would need one more is denied with reason {@link DenialReason#LEDGER_FULL}
   * @param batchLines lines in one chunk of a run (read, decided, settled and handed out together, on one thread or
 *     several), at least 1
   * @param batchBytes bytes of lines in one chunk (a chunk ends at this size or at {@code batchLines})
   * @throws IllegalArgumentException if a bound is out of range
   */
  public FilterLimits {
    if (maxItemIdsPerContributor < 0) {
      throw new IllegalArgumentException("maxItemIdsPerContributor is negative: " + maxItemIdsPerContributor);
    }
    if (maxLedgerEntries < 1) {
      throw new IllegalArgumentException("maxLedgerEntries must be at least 1: " + maxLedgerEntries);
    }
    if (batchLines < 1 || batchBytes < 1) {
      throw new IllegalArgumentException("batch bounds must be at least 1: " + batchLines + ", " + batchBytes);
    }
  }
}
