package dev.flywheel.policy.spi;

import dev.flywheel.policy.PolicyEngine;

/**
 * Creates engines for {@link PolicyEngine#builder()}. Implemented by {@code flywheel-policy-engine}; users do not
 * call it.
 */
public interface PolicyEngineProvider {

  /** A new engine with {@code settings}. */
  PolicyEngine create(EngineSettings settings);
}
