package dev.flywheel.policy.engine;

import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.spi.EngineSettings;
import dev.flywheel.policy.terms.TermsLimits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Engines for tests: a fixed clock, deterministic cache maintenance, the real parser and printer. */
final class EngineFixtures {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

  private EngineFixtures() {}

  static EngineSettings settings(long cacheSize, DefaultDecision defaultDecision, Clock clock) {
    return new EngineSettings(cacheSize, defaultDecision, clock, Runnable::run, TermsLimits.DEFAULTS);
  }

  /** The real engine (real parser, printer, cache) with a fixed clock and default deny. */
  static DefaultPolicyEngine engine() {
    return new DefaultPolicyEngine(settings(1000, DefaultDecision.DENY, FIXED));
  }

  static DefaultPolicyEngine engine(DefaultDecision defaultDecision) {
    return new DefaultPolicyEngine(settings(1000, defaultDecision, FIXED));
  }

  /** A UTC clock that asks {@code now} each time: a moving clock, or one that throws. */
  static Clock clock(java.util.function.Supplier<Instant> now) {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }

      @Override
      public long millis() {
        return now.get().toEpochMilli();
      }
    };
  }

  static Instant at(String isoDateOrInstant) {
    return isoDateOrInstant.length() == 10
        ? Instant.parse(isoDateOrInstant + "T00:00:00Z")
        : Instant.parse(isoDateOrInstant);
  }
}
