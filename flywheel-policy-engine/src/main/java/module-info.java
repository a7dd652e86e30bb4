/**
 * The decision engine behind {@link dev.flywheel.policy.PolicyEngine}: compiled, cached terms, layered statements and
 * the licence floor. It reads no JSON: records and their JSON forms live in {@code dev.flywheel.policy.records}.
 */
module dev.flywheel.policy.engine {
  requires transitive dev.flywheel.policy.api;
  requires dev.flywheel.policy.grammar;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports dev.flywheel.policy.engine;

  provides dev.flywheel.policy.spi.PolicyEngineProvider with
      dev.flywheel.policy.engine.EngineProvider;
}
