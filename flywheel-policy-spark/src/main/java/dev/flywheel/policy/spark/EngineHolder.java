package dev.flywheel.policy.spark;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.records.RecordLimits;
import dev.flywheel.policy.records.RecordValidator;

/**
 * The one {@link PolicyEngine} and {@link RecordValidator} of this JVM (a Spark executor, or the driver in local
 * mode), created on first use and shared by every task and UDF call. Both are thread-safe; the engine caches compiled
 * terms, so each distinct terms string is compiled once per executor (while it stays among the
 * {@value #CACHE_SIZE} most used).
 */
public final class EngineHolder {
  /** Compiled terms kept per executor. */
  public static final long CACHE_SIZE = 100_000;

  private EngineHolder() {}

  // The holder-class idiom: the JVM initialises each holder once, on first access, without locking afterwards.
  private static final class Engine {
    static final PolicyEngine INSTANCE = PolicyEngine.builder().maximumCacheSize(CACHE_SIZE).build();
  }

  private static final class Validator {
    // Parses terms through the JVM's engine, so that each distinct terms text is parsed once for validating and
    // deciding alike.
    static final RecordValidator INSTANCE = RecordValidator.create(RecordLimits.DEFAULTS, Engine.INSTANCE);
  }

  /** The JVM's engine (default decision deny). */
  public static PolicyEngine engine() {
    return Engine.INSTANCE;
  }

  /** The JVM's record validator (default record limits; terms parsed by {@link #engine()}, under its limits). */
  public static RecordValidator validator() {
    return Validator.INSTANCE;
  }
}
