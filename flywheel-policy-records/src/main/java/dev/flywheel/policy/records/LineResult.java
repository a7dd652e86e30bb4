package dev.flywheel.policy.records;

import dev.flywheel.policy.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one line of a JSON Lines file.
 *
 * @param lineNumber the 1-based line number
 * @param result the record or the diagnostics; diagnostic spans are relative to the line
 */
public record LineResult(long lineNumber, RecordResult result) {

  /**
   * Creates the record: rejects a missing required component.
   *
   * @param lineNumber the 1-based line number
   * @param result the record or the diagnostics; diagnostic spans are relative to the line
   * @throws IllegalArgumentException if a component is outside what the type's description allows
   * @throws NullPointerException if a required component is null
   */
  public LineResult {
    if (lineNumber < 1) {
      throw new IllegalArgumentException("line numbers start at 1: " + lineNumber);
    }
    Objects.requireNonNull(result, "result");
  }

  /** {@return true when the line holds a valid record} */
  public boolean isValid() {
    return result.isValid();
  }

  /** {@return the record, when valid} */
  public Optional<ContributionRecord> record() {
    return result.record();
  }

  /** {@return every diagnostic of the line} */
  public List<Diagnostic> diagnostics() {
    return result.diagnostics();
  }
}
