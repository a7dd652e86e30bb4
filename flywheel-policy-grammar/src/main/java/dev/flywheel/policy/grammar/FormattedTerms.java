package dev.flywheel.policy.grammar;

import dev.flywheel.policy.terms.ParseResult;
import java.util.Objects;
import java.util.Optional;

/**
 * What formatting terms gives: the parse, and the formatted text when the terms are valid.
 *
 * @param parse the parse of the terms as written, with its diagnostics
 * @param text the formatted text (no final line break), or {@code null} when the terms are invalid
 */
public record FormattedTerms(ParseResult parse, String text) {

  /**
   * Creates the record.
   *
   * @param parse the parse of the terms as written, with its diagnostics
   * @param text the formatted text (no final line break), or {@code null} when the terms are invalid
   * @throws IllegalArgumentException if a text is given for invalid terms or missing for valid ones
   */
  public FormattedTerms {
    Objects.requireNonNull(parse, "parse");
    if (parse.isValid() == (text == null)) {
      throw new IllegalArgumentException("a formatted text is present exactly when the terms are valid");
    }
  }

  /** {@return the formatted text, empty when the terms are invalid} */
  public Optional<String> formatted() {
    return Optional.ofNullable(text);
  }
}
