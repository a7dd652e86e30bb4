package dev.flywheel.policy.register;

import dev.flywheel.policy.Decision;
import java.util.Objects;

/**
 * A record decided under a register ({@link RegisterMatch#decide}).
 *
 * @param decision the decision
 * @param effect which register rule, if any, replaced the record's terms: {@link Effect#WITHDRAWN} also when an
 *     irrevocable licence kept the use allowed
 * @param match what the register did to the record
 */
public record RegisterRuling(Decision decision, Effect effect, RegisterMatch match) {

  /** Which register rule decided instead of the record's terms. */
  public enum Effect {
    /** None: the record's terms, as the register amended them, decided. */
    NONE,
    /** A withdrawal in force covers the record (rule 5). */
    WITHDRAWN,
    /** The record is in no release in force and releases were required (rule 7). */
    UNRELEASED
  }

  /**
   * Creates the record: rejects a missing component.
   *
   * @param decision the decision
   * @param effect which register rule, if any, replaced the record's terms
   * @param match what the register did to the record
   * @throws NullPointerException if a component is null
   */
  public RegisterRuling {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(match, "match");
  }
}
