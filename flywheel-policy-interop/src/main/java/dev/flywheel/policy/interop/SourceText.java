package dev.flywheel.policy.interop;

import dev.flywheel.policy.Span;

/**
 * An imported text and the way from its UTF-16 indices to {@link Span}s, which count code points and lines.
 *
 * <p>The position table is built on first use, so an import that reports nothing never pays for it.
 */
final class SourceText {
  private final String text;
  private int[] codePointOffset;
  private int[] line;
  private int[] column;

  SourceText(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  /** The span of the UTF-16 range [start, end) of the text; indices are clamped into the text. */
  Span span(int start, int end) {
    index();
    int s = Math.max(0, Math.min(start, text.length()));
    int e = Math.max(s, Math.min(end, text.length()));
    return new Span(codePointOffset[s], codePointOffset[e] - codePointOffset[s], line[s], column[s]);
  }

  private void index() {
    if (codePointOffset != null) {
      return;
    }
    int n = text.length();
    int[] cp = new int[n + 1];
    int[] ln = new int[n + 1];
    int[] col = new int[n + 1];
    int cpCount = 0;
    int currentLine = 1;
    int currentColumn = 1;
    for (int i = 0; i < n; i++) {
      cp[i] = cpCount;
      ln[i] = currentLine;
      col[i] = currentColumn;
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        // The low surrogate shares the position of its pair.
        cp[i + 1] = cpCount;
        ln[i + 1] = currentLine;
        col[i + 1] = currentColumn;
        i++;
        cpCount++;
        currentColumn++;
      } else if (c == '\n' || (c == '\r' && !(i + 1 < n && text.charAt(i + 1) == '\n'))) {
        cpCount++;
        currentLine++;
        currentColumn = 1;
      } else {
        cpCount++;
        currentColumn++;
      }
    }
    cp[n] = cpCount;
    ln[n] = currentLine;
    col[n] = currentColumn;
    codePointOffset = cp;
    line = ln;
    column = col;
  }
}
