package dev.flywheel.policy.engine;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.spi.EngineSettings;
import dev.flywheel.policy.spi.PolicyEngineProvider;
import java.util.Objects;

/**
 * Supplies the engine of this module to {@link PolicyEngine#builder()}, through the module system
 * ({@code provides}) or {@code META-INF/services} on the class path. Applications do not call it.
 */
public final class EngineProvider implements PolicyEngineProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public EngineProvider() {}

  /**
   * A new, independent engine (with its own cache of compiled terms).
   *
   * @throws NullPointerException if {@code settings} is null
   */
  @Override
  public PolicyEngine create(EngineSettings settings) {
    return new DefaultPolicyEngine(Objects.requireNonNull(settings, "settings"));
  }
}
