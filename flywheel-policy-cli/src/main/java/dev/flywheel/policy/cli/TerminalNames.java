package dev.flywheel.policy.cli;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.filter.TerminalText;
import dev.flywheel.policy.grammar.DiagnosticRenderer;
import java.nio.file.Path;

/**
 * User-given names (file names, JSON pointers) as shown inside one line of text output, and diagnostics rendered with
 * them. {@link DiagnosticRenderer} makes the message, the source line and the help safe; the source name and the
 * JSON pointer come from the input too (a file name, a record's keys), so they are made safe here, line breaks
 * included, before rendering.
 */
final class TerminalNames {
  private TerminalNames() {}

  /** {@code path} as given, every unsafe character and line break shown as {@code ?}. */
  static String path(Path path) {
    return TerminalText.field(path.toString());
  }

  /** {@code text} for use inside one line. */
  static String field(String text) {
    return TerminalText.field(text);
  }

  /** {@link DiagnosticRenderer#render}, with the source name and the diagnostic's JSON pointer made safe first. */
  static String render(String sourceName, String source, Diagnostic diagnostic) {
    Diagnostic safe = diagnostic.pointer() == null ? diagnostic
        : diagnostic.atPointer(TerminalText.field(diagnostic.pointer()));
    return DiagnosticRenderer.render(TerminalText.field(sourceName), source, safe);
  }
}
