package dev.flywheel.policy.spi;

import dev.flywheel.policy.PolicyEngine.DefaultDecision;
import dev.flywheel.policy.terms.TermsLimits;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The validated settings of a {@link dev.flywheel.policy.PolicyEngine.Builder}, handed to the implementation.
 *
 * @param maximumCacheSize bound on the number of compiled terms kept, 0 or more (0 keeps none)
 * @param maximumCacheBytes bound on the estimated bytes the kept terms retain, 0 or more (0 keeps none); both bounds
 *     hold at once
 * @param defaultDecision what to decide when nothing covers a purpose
 * @param clock "now" for requests without a time
 * @param executor runs the cache's maintenance work
 * @param limits the parser's limits
 */
public record EngineSettings(
    long maximumCacheSize,
    long maximumCacheBytes,
    DefaultDecision defaultDecision,
    Clock clock,
    Executor executor,
    TermsLimits limits) {

  /**
   * Creates the record: rejects a missing required component.
   *
   * @param maximumCacheSize bound on compiled terms kept, 0 or more
   * @param maximumCacheBytes bound on the estimated bytes the kept terms retain, 0 or more
   * @param defaultDecision what to decide when nothing covers a purpose
   * @param clock "now" for requests without a time
   * @param executor runs the cache's maintenance work
   * @param limits the parser's limits
   * @throws IllegalArgumentException if a component is outside what the type's description allows
   * @throws NullPointerException if a required component is null
   */
  public EngineSettings {
    if (maximumCacheSize < 0) {
      throw new IllegalArgumentException("maximumCacheSize is negative: " + maximumCacheSize);
    }
    if (maximumCacheBytes < 0) {
      throw new IllegalArgumentException("maximumCacheBytes is negative: " + maximumCacheBytes);
    }
    Objects.requireNonNull(defaultDecision, "defaultDecision");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * Creates settings with the default byte bound, {@link
   * dev.flywheel.policy.PolicyEngine.Builder#DEFAULT_MAXIMUM_CACHE_BYTES}.
   *
   * @param maximumCacheSize bound on compiled terms kept, 0 or more
   * @param defaultDecision what to decide when nothing covers a purpose
   * @param clock "now" for requests without a time
   * @param executor runs the cache's maintenance work
   * @param limits the parser's limits
   * @throws IllegalArgumentException if {@code maximumCacheSize} is negative
   * @throws NullPointerException if a required component is null
   */
  public EngineSettings(
      long maximumCacheSize, DefaultDecision defaultDecision, Clock clock, Executor executor, TermsLimits limits) {
    this(maximumCacheSize, dev.flywheel.policy.PolicyEngine.Builder.DEFAULT_MAXIMUM_CACHE_BYTES, defaultDecision, clock,
        executor, limits);
  }
}
