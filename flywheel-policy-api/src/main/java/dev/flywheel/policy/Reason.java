package dev.flywheel.policy;

import java.util.Objects;

/**
 * Why a decision came out as it did: one deciding clause, or the default, or the error.
 *
 * @param layer where the deciding text came from
 * @param clause the deciding clause in canonical form, or {@code null} for the default and for errors
 * @param span where that clause stands in its source text, or {@code null}
 * @param message one sentence for people, e.g. "'deny train' denies train"
 */
public record Reason(Layer layer, String clause, Span span, String message) {

  /**
   * Creates the record: rejects a missing required component.
   *
   * @param layer where the deciding text came from
   * @param clause the deciding clause in canonical form, or {@code null} for the default and for errors
   * @param span where that clause stands in its source text, or {@code null}
   * @param message one sentence for people, e.g. "'deny train' denies train"
   * @throws NullPointerException if a required component is null
   */
  public Reason {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(message, "message");
  }
}
