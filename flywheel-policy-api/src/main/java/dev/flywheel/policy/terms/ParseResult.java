package dev.flywheel.policy.terms;

import dev.flywheel.policy.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * What parsing terms gives: the policy, or the reasons there is none.
 *
 * <p>Invariant: {@code policy} is present exactly when no diagnostic is an error. Warnings may accompany a policy.
 * Diagnostics are sorted by position.
 *
 * @param policy the parsed policy, empty when any diagnostic is an error
 * @param diagnostics every problem found, errors and warnings, sorted by position, at most the configured cap
 */
public record ParseResult(Optional<Policy> policy, List<Diagnostic> diagnostics) {

  /**
   * Creates the record: copies the collections, so the record is immutable.
   *
   * @param policy the parsed policy, empty when any diagnostic is an error
   * @param diagnostics every problem found, errors and warnings, sorted by position, at most the configured cap
   * @throws IllegalArgumentException if a policy is present together with an error, or absent without one
   */
  public ParseResult {
    diagnostics = List.copyOf(diagnostics);
    boolean hasError = diagnostics.stream().anyMatch(Diagnostic::isError);
    if (policy.isPresent() == hasError) {
      throw new IllegalArgumentException(
          hasError ? "a policy cannot come with errors" : "a result without a policy needs an error");
    }
  }

  /**
   * {@return a successful parse, with any warnings}
   *
   * @param policy the parsed policy
   * @param warnings the warnings found; no errors
   */
  public static ParseResult valid(Policy policy, List<Diagnostic> warnings) {
    return new ParseResult(Optional.of(policy), warnings);
  }

  /**
   * {@return a failed parse}
   *
   * @param diagnostics the problems found, at least one error
   */
  public static ParseResult invalid(List<Diagnostic> diagnostics) {
    return new ParseResult(Optional.empty(), diagnostics);
  }

  /** {@return true when a policy was produced} */
  public boolean isValid() {
    return policy.isPresent();
  }

  /** {@return only the errors, in order; empty for a successful parse} */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }
}
