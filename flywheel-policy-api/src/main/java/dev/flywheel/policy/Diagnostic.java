package dev.flywheel.policy;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in user input: terms, a record, an imported signal.
 *
 * <p>The one diagnostic type of the project. A diagnostic about terms has a {@link #span()}; one about a JSON record
 * has a {@link #pointer()} (RFC 6901) and, when it is about the record's terms, a span within them too.
 *
 * @param code the stable code
 * @param severity error or warning (always {@code code.severity()} when built through the factories)
 * @param message one sentence saying what is wrong, naming the offending text
 * @param help what to do about it ("did you mean 'train'?"), or {@code null}
 * @param span where in the source text, or {@code null} when the problem has no position in text
 * @param pointer a JSON Pointer into a record, or {@code null} when the diagnostic is not about a record
 */
public record Diagnostic(
    DiagnosticCode code, Severity severity, String message, String help, Span span, String pointer) {

  /** Orders by position (diagnostics without a span first), then by code, then by message: a stable total order. */
  public static final Comparator<Diagnostic> BY_POSITION =
      Comparator.comparing(
              (Diagnostic d) -> d.pointer() == null ? "" : d.pointer())
          .thenComparingInt((Diagnostic d) -> d.span() == null ? -1 : d.span().offset())
          .thenComparing(d -> d.code().id())
          .thenComparing(Diagnostic::message);

  /**
   * Creates the record: rejects a missing required component.
   *
   * @param code the stable code
   * @param severity error or warning (always {@code code.severity()} when built through the factories)
   * @param message one sentence saying what is wrong, naming the offending text
   * @param help what to do about it ("did you mean 'train'?"), or {@code null}
   * @param span where in the source text, or {@code null} when the problem has no position in text
   * @param pointer a JSON Pointer into a record, or {@code null} when the diagnostic is not about a record
   * @throws NullPointerException if a required component is null
   */
  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }

  /**
   * {@return a diagnostic at {@code span} with the code's own severity and no help}
   *
   * @param code the stable code; its severity is used
   * @param message one sentence saying what is wrong
   * @param span where in the source text, or {@code null}
   */
  public static Diagnostic of(DiagnosticCode code, String message, Span span) {
    return new Diagnostic(code, code.severity(), message, null, span, null);
  }

  /**
   * {@return a diagnostic with no position in text}
   *
   * @param code the stable code; its severity is used
   * @param message one sentence saying what is wrong
   */
  public static Diagnostic of(DiagnosticCode code, String message) {
    return of(code, message, null);
  }

  /**
   * {@return this diagnostic with {@code newHelp} as its help text}
   *
   * @param newHelp what to do about the problem, or {@code null} for none
   */
  public Diagnostic withHelp(String newHelp) {
    return new Diagnostic(code, severity, message, newHelp, span, pointer);
  }

  /**
   * {@return this diagnostic located at {@code jsonPointer} inside a record}
   *
   * @param jsonPointer an RFC 6901 JSON Pointer into the record, or {@code null}
   */
  public Diagnostic atPointer(String jsonPointer) {
    return new Diagnostic(code, severity, message, help, span, jsonPointer);
  }

  /** {@return true for {@link Severity#ERROR}} */
  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
