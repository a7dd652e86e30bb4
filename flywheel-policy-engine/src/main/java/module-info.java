/**
 * The decision engine behind {@link dev.flywheel.policy.PolicyEngine}: compiled, cached terms, layered statements,
 * the licence floor, and the JSON form of decisions and diagnostics.
 */
module dev.flywheel.policy.engine {
  requires transitive dev.flywheel.policy.api;
  requires dev.flywheel.policy.grammar;
  requires com.github.benmanes.caffeine;
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires tools.jackson.core;
  requires tools.jackson.databind;
  requires com.networknt.schema;

  exports dev.flywheel.policy.engine;
  exports dev.flywheel.policy.records;
  exports dev.flywheel.policy.filter;

  provides dev.flywheel.policy.spi.PolicyEngineProvider with
      dev.flywheel.policy.engine.EngineProvider;
}
