package dev.flywheel.policy.records;

import dev.flywheel.policy.Diagnostic;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What validating one record gives: the record, or the reasons there is none.
 *
 * <p>Invariant: {@code record} is present exactly when no diagnostic is an error; warnings may accompany a record.
 * Every diagnostic carries a JSON Pointer ({@link Diagnostic#pointer()}, {@code ""} for the record as a whole);
 * diagnostics about terms also keep their span within the terms string.
 *
 * @param record the validated record, empty when any diagnostic is an error
 * @param diagnostics every problem found, errors and warnings, in a stable order
 * @param termsSources for each JSON Pointer of a terms string that a diagnostic with a span points into
 *     ({@code /preference}, {@code /statements/0/terms}), that string as written in the record, so that the
 *     diagnostic can be shown against its source (for example with {@code DiagnosticRenderer})
 */
public record RecordResult(
    Optional<ContributionRecord> record, List<Diagnostic> diagnostics, Map<String, String> termsSources) {

  /**
   * Creates the record: copies the collections, so the record is immutable.
   *
   * @param record the validated record, empty when any diagnostic is an error
   * @param diagnostics every problem found, errors and warnings, in a stable order
   * @param termsSources for each JSON Pointer of a terms string that a diagnostic with a span points into
   *     ({@code /preference}, {@code /statements/0/terms}), that string as written in the record, so that the
   *     diagnostic can be shown against its source (for example with {@code DiagnosticRenderer})
   * @throws IllegalArgumentException if a record is present together with an error, or absent without one
   */
  public RecordResult {
    diagnostics = List.copyOf(diagnostics);
    termsSources = Map.copyOf(termsSources);
    boolean hasError = false;
    for (int i = 0; i < diagnostics.size(); i++) { // indexed, not a stream or an iterator: once per record
      hasError |= diagnostics.get(i).isError();
    }
    if (record.isPresent() == hasError) {
      throw new IllegalArgumentException(
          hasError ? "a record cannot come with errors" : "a result without a record needs an error");
    }
  }

  /**
   * {@return a valid record, with any warnings}
   *
   * @param record the record
   * @param warnings the warnings found; no errors
   */
  public static RecordResult valid(ContributionRecord record, List<Diagnostic> warnings) {
    return new RecordResult(Optional.of(record), warnings, Map.of());
  }

  /**
   * {@return an invalid record}
   *
   * @param diagnostics the problems found, at least one error
   */
  public static RecordResult invalid(List<Diagnostic> diagnostics) {
    return new RecordResult(Optional.empty(), diagnostics, Map.of());
  }

  /**
   * {@return the terms text {@code diagnostic} points into, if it is about terms}
   *
   * @param diagnostic one of this result's diagnostics
   */
  public Optional<String> termsSource(Diagnostic diagnostic) {
    String pointer = diagnostic.pointer();
    return pointer == null ? Optional.empty() : Optional.ofNullable(termsSources.get(pointer));
  }

  /** {@return true when the record is valid} */
  public boolean isValid() {
    return record.isPresent();
  }

  /** {@return only the errors, in order; empty for a valid record} */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  /** {@return only the warnings, in order} */
  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> !d.isError()).toList();
  }
}
