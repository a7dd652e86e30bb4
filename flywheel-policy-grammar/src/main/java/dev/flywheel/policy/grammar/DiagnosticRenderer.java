package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Diagnostic;

/** Renders diagnostics like a compiler: a header line, the source line, a caret under the span, the help. */
public final class DiagnosticRenderer {
  private DiagnosticRenderer() {}

  /**
   * Renders {@code diagnostic} about {@code source}.
   *
   * <pre>
   * &lt;input&gt;:1:6: error unknown-word: unknown word 'tarin'
   *   deny tarin until 2027-01-01
   *        ^^^^^
   *   help: did you mean 'train'?
   * </pre>
   *
   * @param sourceName the name shown before the position, e.g. {@code <input>} or a file name
   * @param source the text the diagnostic is about
   * @param diagnostic the diagnostic
   */
  public static String render(String sourceName, String source, Diagnostic diagnostic) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
