package dev.flywheel.policy.spi;

import dev.flywheel.policy.PolicyEngine;

/**
 * Creates engines for {@link PolicyEngine#builder()}. Implemented by {@code flywheel-policy-engine}; users do not
 * call it.
 */
public interface PolicyEngineProvider {

  /**
   * {@return a new engine with {@code settings}}
   *
   * @param settings the builder's settings, already checked
   */
  PolicyEngine create(EngineSettings settings);
}
