/** The decision engine behind {@link dev.flywheel.policy.PolicyEngine}. */
module dev.flywheel.policy.engine {
  requires transitive dev.flywheel.policy.api;
  requires dev.flywheel.policy.grammar;
  requires com.github.benmanes.caffeine;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires tools.jackson.core;
  requires tools.jackson.databind;
  requires com.networknt.schema;

  exports dev.flywheel.policy.records;
}
