package dev.flywheel.policy.usage;

import dev.flywheel.policy.QuotaPeriod;
import java.util.Objects;

/**
 * One cap an item must fit: at most {@code limit} distinct items per {@code period} for {@code owner}.
 *
 * @param owner whose cap it is
 * @param period the kind of period it counts in
 * @param limit the number of distinct items allowed per period instance, at least 1
 */
public record QuotaClaim(QuotaOwner owner, QuotaPeriod period, long limit) {
  /**
   * Creates the record.
   *
   * @param owner whose cap it is
   * @param period the kind of period
   * @param limit the cap, at least 1
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  public QuotaClaim {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(period, "period");
    if (limit < 1) {
      throw new IllegalArgumentException("a quota's limit must be at least 1, was " + limit);
    }
  }
}
