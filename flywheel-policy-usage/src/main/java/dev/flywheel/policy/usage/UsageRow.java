package dev.flywheel.policy.usage;

import java.util.Objects;

/**
 * One counter of a usage store: how many distinct items a consumer has used under one owner's cap in one period
 * instance.
 *
 * @param consumer whose use is counted
 * @param owner whose cap it is
 * @param instance the period instance
 * @param limit the smallest limit any counted item's cap gave
 * @param used the distinct items counted, at most {@code limit} as long as every item's cap gave the same limit
 */
public record UsageRow(String consumer, QuotaOwner owner, PeriodInstance instance, long limit, long used) {
  /**
   * Creates the record.
   *
   * @param consumer whose use is counted
   * @param owner whose cap it is
   * @param instance the period instance
   * @param limit the limit
   * @param used the count
   * @throws NullPointerException if a component is null
   */
  public UsageRow {
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(instance, "instance");
  }
}
