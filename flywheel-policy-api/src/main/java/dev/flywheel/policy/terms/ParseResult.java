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

  /** A successful parse, with any warnings. */
  public static ParseResult valid(Policy policy, List<Diagnostic> warnings) {
    return new ParseResult(Optional.of(policy), warnings);
  }

  /** A failed parse. */
  public static ParseResult invalid(List<Diagnostic> diagnostics) {
    return new ParseResult(Optional.empty(), diagnostics);
  }

  /** True when a policy was produced. */
  public boolean isValid() {
    return policy.isPresent();
  }

  /** Only the errors. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }
}
