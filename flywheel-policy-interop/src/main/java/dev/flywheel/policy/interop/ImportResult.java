package dev.flywheel.policy.interop;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Policy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What importing a signal gives: our terms, and the loss report.
 *
 * <p>Our language has no "unknown" clause: a signal that says nothing usable (every category unknown, no matching
 * group, an empty file) gives <em>no</em> policy and a {@code no-preference} warning, never an empty or invented
 * one. Invariant: when the report holds an error (the input is malformed beyond use) the policy is empty.
 *
 * @param policy the imported terms, or empty when the signal expresses no preference or is malformed
 * @param report what had no equivalent, was ambiguous or malformed, each with a code and a position in the input
 *     (a span, or a JSON Pointer for JSON inputs), in the order found
 */
public record ImportResult(Optional<Policy> policy, List<Diagnostic> report) {

  /** @throws IllegalArgumentException if a policy comes with an error */
  public ImportResult {
    Objects.requireNonNull(policy, "policy");
    report = List.copyOf(report);
    if (policy.isPresent() && report.stream().anyMatch(Diagnostic::isError)) {
      throw new IllegalArgumentException("an imported policy cannot come with errors");
    }
  }

  /** The canonical text of the imported terms ({@link TermsPrinter#print(Policy)}), or empty. */
  public Optional<String> terms() {
    return policy.map(TermsPrinter::print);
  }

  /** True when the input was malformed beyond use. */
  public boolean hasErrors() {
    return report.stream().anyMatch(Diagnostic::isError);
  }
}
