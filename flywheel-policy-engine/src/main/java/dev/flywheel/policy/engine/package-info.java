/**
 * The decision engine: {@link dev.flywheel.policy.engine.EngineProvider} (found by
 * {@link dev.flywheel.policy.PolicyEngine#builder()}). The JSON form of decisions and diagnostics is in
 * {@code dev.flywheel.policy.json} (module flywheel-policy-records).
 *
 * <p>Everything else in this package is internal: terms are compiled once into a small per-purpose decision table
 * ({@code engine.compact}) and kept in a bounded cache keyed by the terms text; decisions themselves are never cached,
 * so the time of each request is always honoured. The rules those tables are a memo of are stated once, as plain code,
 * in {@code engine.semantics}. Neither sub-package is exported by the module.
 */
package dev.flywheel.policy.engine;
