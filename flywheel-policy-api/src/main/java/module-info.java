/**
 * Public types of flywheel-policy: the parsed form of AI-use terms, requests, decisions and diagnostics.
 *
 * <p>This module has no third-party runtime dependency. The parser lives in {@code dev.flywheel.policy.grammar},
 * the decision engine in {@code dev.flywheel.policy.engine}, which provides {@link
 * dev.flywheel.policy.spi.PolicyEngineProvider} so that {@link dev.flywheel.policy.PolicyEngine#builder()} finds it.
 */
module dev.flywheel.policy.api {
  exports dev.flywheel.policy;
  exports dev.flywheel.policy.terms;
  exports dev.flywheel.policy.spi;

  uses dev.flywheel.policy.spi.PolicyEngineProvider;
}
