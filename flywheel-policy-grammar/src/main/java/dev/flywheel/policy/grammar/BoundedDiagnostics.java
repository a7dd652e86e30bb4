package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * The diagnostics of one parse, kept to the first {@code max} by position while they are found, so that an input
 * with a problem in every character costs the same per character as a clean one. The rest are only counted.
 *
 * <p>Why: a diagnostic is built from its message, its help and the description of its character; building one per
 * character of a long word and cutting the list afterwards made parsing quadratic. Here, once {@code 2 * max}
 * diagnostics are held they are sorted and cut to {@code max}, and the position of the last one kept becomes a
 * threshold: a problem found after it is counted without being built ({@link #admits}). The ones kept are exactly
 * the first {@code max} by {@link Diagnostic#BY_POSITION}, as if all had been built and sorted.
 */
final class BoundedDiagnostics {
  private final int max;
  private final List<Diagnostic> kept = new ArrayList<>();
  /** Offset past which nothing more can be among the first {@code max}; known once the list was first cut. */
  private int threshold = Integer.MAX_VALUE;
  private int dropped;
  private boolean droppedError;

  BoundedDiagnostics(int max) {
    this.max = max;
  }

  /**
   * Whether a problem of {@code code} at {@code offset} can still be reported. When not, it is counted as dropped,
   * and the caller builds nothing.
   */
  boolean admits(int offset, DiagnosticCode code) {
    if (offset <= threshold) {
      return true;
    }
    drop(code.severity());
    return false;
  }

  /** Adds {@code d}, or counts it when it falls past the threshold. */
  void add(Diagnostic d) {
    if (!admits(offsetOf(d), d.code())) {
      return;
    }
    kept.add(d);
    if (kept.size() >= 2 * max) {
      cut();
    }
  }

  /** True when any error was found, reported or not. */
  boolean hasError() {
    if (droppedError) {
      return true;
    }
    for (Diagnostic d : kept) {
      if (d.isError()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first {@code max} diagnostics by position and, when more were found, one {@code too-many-diagnostics} that
   * counts them: an error if any problem found was one.
   */
  List<Diagnostic> report() {
    cut();
    if (dropped == 0) {
      return kept;
    }
    List<Diagnostic> reported = new ArrayList<>(kept);
    // An error among the dropped ones still makes the terms invalid; mere warnings never do.
    reported.add(new Diagnostic(DiagnosticCode.TOO_MANY_DIAGNOSTICS, hasError() ? Severity.ERROR : Severity.WARNING,
        dropped + " more problems were found but are not reported (the limit is " + max + ")", null, null, null));
    return reported;
  }

  private void cut() {
    kept.sort(Diagnostic.BY_POSITION);
    if (kept.size() <= max) {
      return;
    }
    for (Diagnostic d : kept.subList(max, kept.size())) {
      drop(d.severity());
    }
    kept.subList(max, kept.size()).clear();
    threshold = offsetOf(kept.get(max - 1));
  }

  private void drop(Severity severity) {
    dropped++;
    droppedError |= severity == Severity.ERROR;
  }

  private static int offsetOf(Diagnostic d) {
    return d.span() == null ? -1 : d.span().offset();
  }
}
