package dev.flywheel.policy;

/**
 * What an engine decides for a purpose that nothing in the terms covers (rule 6 of the language's semantics): the
 * decision then has basis {@link Decision.Basis#DEFAULT}. Set with
 * {@link PolicyEngine.Builder#defaultDecision(DefaultDecision)}; deny unless configured otherwise.
 */
public enum DefaultDecision {
  /** Uncovered purposes are allowed. */
  ALLOW,
  /** Uncovered purposes are denied (the builder's default). */
  DENY
}
