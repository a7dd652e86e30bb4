/**
 * The semantics of the terms language (LANGUAGE.md section 10) as plain code, rule by rule: {@link
 * dev.flywheel.policy.engine.semantics.StatementRules} (one statement), {@link
 * dev.flywheel.policy.engine.semantics.Layering} (which statements apply), {@link
 * dev.flywheel.policy.engine.semantics.LayerJoin} (the join of layers), {@link
 * dev.flywheel.policy.engine.semantics.LicenceFloor} (the licence floor) and {@link
 * dev.flywheel.policy.engine.semantics.Semantics} (the whole decision, uncached). Internal to the engine module: not
 * exported by its module descriptor, and not an API; its types are public only so that the engine's packages can
 * share them.
 */
package dev.flywheel.policy.engine.semantics;
