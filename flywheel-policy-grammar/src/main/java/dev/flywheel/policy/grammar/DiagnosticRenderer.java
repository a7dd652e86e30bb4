package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Span;

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
   * <p>Characters that are invisible, reorder text or control a terminal are shown as {@code ?}, one column each,
   * so the caret stays under its column and the output cannot be used to spoof a terminal. Lines end with
   * {@code \n}; the result has no trailing newline.
   *
   * @param sourceName the name shown before the position, e.g. {@code <input>} or a file name
   * @param source the text the diagnostic is about
   * @param diagnostic the diagnostic
   */
  public static String render(String sourceName, String source, Diagnostic diagnostic) {
    StringBuilder sb = new StringBuilder();
    Span span = diagnostic.span();
    sb.append(sourceName);
    if (diagnostic.pointer() != null) {
      sb.append(diagnostic.pointer().isEmpty() ? "" : " " + diagnostic.pointer());
    }
    if (span != null) {
      sb.append(':').append(span.line()).append(':').append(span.column());
    }
    sb.append(": ").append(diagnostic.severity().word()).append(' ').append(diagnostic.code().id()).append(": ")
        .append(TermsParser.printable(diagnostic.message()));
    if (span != null && source != null) {
      String line = lineAt(source, span.line());
      if (line != null) {
        sb.append("\n  ").append(TermsParser.printable(line.replace('\t', ' ')));
        int lineLength = line.codePointCount(0, line.length());
        int carets = Math.max(1, Math.min(span.length(), lineLength - span.column() + 1));
        sb.append("\n  ").append(" ".repeat(Math.max(0, span.column() - 1))).append("^".repeat(carets));
      }
    }
    if (diagnostic.help() != null) {
      sb.append("\n  help: ").append(TermsParser.printable(diagnostic.help()));
    }
    return sb.toString();
  }

  /** The 1-based line {@code number} of {@code source} without its line break, or {@code null}. */
  private static String lineAt(String source, int number) {
    int line = 1;
    int start = 0;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\n' || c == '\r') {
        if (line == number) {
          return source.substring(start, i);
        }
        if (c == '\r' && i + 1 < source.length() && source.charAt(i + 1) == '\n') {
          i++;
        }
        line++;
        start = i + 1;
      }
    }
    return line == number ? source.substring(start) : null;
  }
}
