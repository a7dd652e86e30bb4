package dev.flywheel.policy.interop;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the diagnostics of one import or export, at most {@link Interop#MAX_DIAGNOSTICS}; past the cap one
 * {@code too-many-diagnostics} ends the list, so a hostile input cannot make the report grow without bound.
 */
final class Report {
  private final SourceText source;
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private boolean truncated;

  Report(SourceText source) {
    this.source = source;
  }

  /** The longest excerpt of the input a message quotes, in UTF-16 units, so a message stays small. */
  static final int MAX_EXCERPT = 200;

  /** {@code text} cut to {@link #MAX_EXCERPT} units (never inside a surrogate pair), with "..." when cut. */
  static String excerpt(String text) {
    if (text.length() <= MAX_EXCERPT) {
      return text;
    }
    int end = Character.isLowSurrogate(text.charAt(MAX_EXCERPT)) ? MAX_EXCERPT - 1 : MAX_EXCERPT;
    return text.substring(0, end) + "...";
  }

  SourceText source() {
    return source;
  }

  /** Adds a diagnostic about the UTF-16 range [start, end) of the source. */
  void at(DiagnosticCode code, int start, int end, String message, String help) {
    add(new Diagnostic(code, code.severity(), message, help, source == null ? null : source.span(start, end), null));
  }

  /** Adds a diagnostic located by a JSON Pointer (and, when known, a span of the JSON text). */
  void atPointer(DiagnosticCode code, String pointer, Span span, String message, String help) {
    add(new Diagnostic(code, code.severity(), message, help, span, pointer));
  }

  /** Adds a diagnostic with no position. */
  void general(DiagnosticCode code, String message, String help) {
    add(new Diagnostic(code, code.severity(), message, help, null, null));
  }

  void add(Diagnostic diagnostic) {
    if (truncated) {
      return;
    }
    if (diagnostics.size() >= Interop.MAX_DIAGNOSTICS) {
      truncated = true;
      diagnostics.add(Diagnostic.of(DiagnosticCode.TOO_MANY_DIAGNOSTICS,
          "more than " + Interop.MAX_DIAGNOSTICS + " problems; the rest are not reported"));
      return;
    }
    diagnostics.add(diagnostic);
  }

  /**
   * True once the report is past its cap: the import has failed (no terms), so the rest of the input need not be
   * read.
   */
  boolean isFull() {
    return truncated;
  }

  boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }
}
