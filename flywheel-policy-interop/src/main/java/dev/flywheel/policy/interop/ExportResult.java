package dev.flywheel.policy.interop;

import dev.flywheel.policy.Diagnostic;
import java.util.List;
import java.util.Objects;

/**
 * What exporting terms gives: the signal's value (for example {@code train-ai=n, search=y}) and the loss report.
 *
 * <p>The value may be empty when the terms say nothing the target format can carry; the report then says why.
 *
 * @param format the target format
 * @param value the field value, without the field name
 * @param report what could not be carried over, and what was exported more restrictively than the terms
 */
public record ExportResult(ExportFormat format, String value, List<Diagnostic> report) {

  public ExportResult {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(value, "value");
    report = List.copyOf(report);
  }

  /** The value as a header or robots.txt line: {@code Content-Usage: train-ai=n}. */
  public String line() {
    return format.fieldName() + ": " + value;
  }
}
