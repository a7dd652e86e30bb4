package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Layer;

/**
 * One statement that applies to an item at a given time.
 *
 * @param layer where it comes from (reasons name it)
 * @param terms its terms text
 * @param quotaScope the scope its quota duties get: the collective's name for a collective's statement, else null
 */
public record LayerStatement(Layer layer, String terms, String quotaScope) {}
