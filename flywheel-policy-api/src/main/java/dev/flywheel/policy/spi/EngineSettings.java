package dev.flywheel.policy.spi;

import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.terms.TermsLimits;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The validated settings of an engine, built by {@code PolicyEngine.Builder} and handed to the implementation. This
 * package depends on {@code dev.flywheel.policy} and not the other way round for its values: the settings name
 * {@link DefaultDecision}, a top-level type, so that they do not reach into the engine interface.
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

  /** Default bound on the estimated bytes retained by the compiled terms kept: 64 MiB. */
  public static final long DEFAULT_MAXIMUM_CACHE_BYTES = 64L << 20;

  /**
   * Checks the settings.
   *
   * @param maximumCacheSize bound on the number of compiled terms kept, 0 or more
   * @param maximumCacheBytes bound on the estimated bytes the kept terms retain, 0 or more
   * @param defaultDecision what to decide when nothing covers a purpose
   * @param clock "now" for requests without a time
   * @param executor runs the cache's maintenance work
   * @param limits the parser's limits
   * @throws IllegalArgumentException if a bound is negative
   * @throws NullPointerException if any other setting is null
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
   * Settings with the default byte bound, {@link #DEFAULT_MAXIMUM_CACHE_BYTES}.
   *
   * @param maximumCacheSize bound on the number of compiled terms kept, 0 or more (0 keeps none)
   * @param defaultDecision what to decide when nothing covers a purpose
   * @param clock "now" for requests without a time
   * @param executor runs the cache's maintenance work
   * @param limits the parser's limits
   * @throws IllegalArgumentException if {@code maximumCacheSize} is negative
   * @throws NullPointerException if any other setting is null
   */
  public EngineSettings(
      long maximumCacheSize, DefaultDecision defaultDecision, Clock clock, Executor executor, TermsLimits limits) {
    this(maximumCacheSize, DEFAULT_MAXIMUM_CACHE_BYTES, defaultDecision, clock, executor, limits);
  }
}
