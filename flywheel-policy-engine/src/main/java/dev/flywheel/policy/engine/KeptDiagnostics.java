package dev.flywheel.policy.engine;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The diagnostics an engine keeps in the error decision of invalid terms, bounded whatever the parser produced: the
 * decision is cached and returned for every later call with the same terms, so its size is part of the cache's
 * footprint. At most {@link #MAX_DIAGNOSTICS} diagnostics are kept (the parser's default limit of 32 and the
 * {@code too-many-diagnostics} error that ends such a list), and each message and help text is cut to
 * {@link #MAX_TEXT_CHARS} chars, so that a diagnostic quoting a long word of the terms does not keep a copy of it.
 * Codes, severities and spans are kept as they are: the decision stays a deny with the same codes at the same places.
 */
final class KeptDiagnostics {
  /** The most diagnostics kept for one invalid terms text. */
  static final int MAX_DIAGNOSTICS = 33;
  /** The most chars kept of a diagnostic's message and of its help text, the ellipsis included. */
  static final int MAX_TEXT_CHARS = 256;
  private static final String ELLIPSIS = "\u2026";

  private KeptDiagnostics() {}

  /** {@code diagnostics}, itself when already within the bounds, else a bounded copy. */
  static List<Diagnostic> bounded(List<Diagnostic> diagnostics) {
    boolean within = diagnostics.size() <= MAX_DIAGNOSTICS;
    for (int i = 0; within && i < diagnostics.size(); i++) {
      within = isShort(diagnostics.get(i).message()) && isShort(diagnostics.get(i).help());
    }
    if (within) {
      return diagnostics;
    }
    int kept = Math.min(diagnostics.size(), MAX_DIAGNOSTICS);
    List<Diagnostic> bounded = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      bounded.add(shortened(diagnostics.get(i)));
    }
    if (diagnostics.size() > MAX_DIAGNOSTICS) {
      // The last one kept says that more were found, as the parser's own cap does.
      Diagnostic last = diagnostics.get(diagnostics.size() - 1);
      bounded.set(MAX_DIAGNOSTICS - 1, last.code() == DiagnosticCode.TOO_MANY_DIAGNOSTICS
          ? shortened(last)
          : Diagnostic.of(DiagnosticCode.TOO_MANY_DIAGNOSTICS,
              "more than " + (MAX_DIAGNOSTICS - 1) + " problems; the rest are not listed"));
    }
    return bounded;
  }

  private static boolean isShort(String text) {
    return text == null || text.length() <= MAX_TEXT_CHARS;
  }

  private static Diagnostic shortened(Diagnostic d) {
    if (isShort(d.message()) && isShort(d.help())) {
      return d;
    }
    return new Diagnostic(d.code(), d.severity(), cut(d.message()), cut(d.help()), d.span(), d.pointer());
  }

  /** {@code text} cut to {@link #MAX_TEXT_CHARS} chars with an ellipsis, never between the halves of a pair. */
  static String cut(String text) {
    if (isShort(text)) {
      return text;
    }
    int end = MAX_TEXT_CHARS - ELLIPSIS.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }
}
