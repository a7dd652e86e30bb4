package dev.flywheel.policy.lsp;

import dev.flywheel.policy.Span;
import java.util.Arrays;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between the project's positions and the protocol's, for one text.
 *
 * <p>The project counts in Unicode code points ({@link Span}: 0-based offset, 1-based line and column); the protocol
 * counts lines from 0 and characters within a line in UTF-16 code units, so a character outside the Basic
 * Multilingual Plane (an emoji or a rare CJK ideograph in a quoted collective name) is one column to the parser and
 * two characters to an editor. Both break lines at LF, CRLF and a lone CR. The table of line starts is built once per
 * text, so each conversion costs the length of one line, not of the text.
 */
final class TextPositions {
  private final String text;
  /** UTF-16 index of the first char of each line. */
  private final int[] lineStarts;
  private final int lineCount;

  TextPositions(String text) {
    this.text = text;
    int[] starts = new int[16];
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = starts;
    this.lineCount = count;
  }

  /** The text these positions are about. */
  String text() {
    return text;
  }

  /** The UTF-16 index at which {@code line} (0-based) ends, before its line break. */
  private int lineEnd(int line) {
    if (line + 1 >= lineCount) {
      return text.length();
    }
    int end = lineStarts[line + 1];
    // Step back over the break: "\r\n", "\n" or "\r".
    if (end > 0 && text.charAt(end - 1) == '\n') {
      end--;
      if (end > 0 && text.charAt(end - 1) == '\r') {
        end--;
      }
    } else if (end > 0 && text.charAt(end - 1) == '\r') {
      end--;
    }
    return end;
  }

  /**
   * The protocol position of a span's start: line from the span, character from its code-point column converted to
   * UTF-16 units within that line.
   */
  Position start(Span span) {
    return atLineColumn(span.line() - 1, span.column() - 1);
  }

  /** The protocol position just after a span: its start moved forward by its length in code points. */
  Position end(Span span) {
    Position start = start(span);
    int index = lineStarts[start.getLine()] + start.getCharacter();
    int end = index;
    for (int n = 0; n < span.length() && end < text.length(); n++) {
      end += Character.charCount(text.codePointAt(end));
    }
    return positionOf(end);
  }

  /** The protocol range of a span. */
  Range range(Span span) {
    return new Range(start(span), end(span));
  }

  /** The position of a code-point column (0-based) on a line (0-based), clamped to the text. */
  private Position atLineColumn(int line, int codePointColumn) {
    if (line >= lineCount) {
      return positionOf(text.length());
    }
    int index = lineStarts[line];
    int end = lineEnd(line);
    for (int n = 0; n < codePointColumn && index < end; n++) {
      index += Character.charCount(text.codePointAt(index));
    }
    return new Position(line, index - lineStarts[line]);
  }

  /** The protocol position of a UTF-16 index into the text. */
  Position positionOf(int charIndex) {
    int index = Math.max(0, Math.min(charIndex, text.length()));
    int line = Arrays.binarySearch(lineStarts, 0, lineCount, index);
    if (line < 0) {
      line = -line - 2;
    }
    // An index between '\r' and '\n' belongs to the line the pair ends, at that line's end.
    return new Position(line, Math.min(index, lineEnd(line)) - lineStarts[line]);
  }

  /**
   * The UTF-16 index of a protocol position, clamped to its line (a character past the end of a line means the end
   * of that line, as the protocol says) and to the text. A position inside a surrogate pair is moved to the pair's
   * start, so that no caller splits a character.
   */
  int indexOf(Position position) {
    if (position.getLine() < 0) {
      return 0;
    }
    if (position.getLine() >= lineCount) {
      return text.length();
    }
    int start = lineStarts[position.getLine()];
    int index = start + Math.max(0, Math.min(position.getCharacter(), lineEnd(position.getLine()) - start));
    if (index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index))
        && Character.isHighSurrogate(text.charAt(index - 1))) {
      index--;
    }
    return index;
  }

  /** The code-point offset of a protocol position, the unit of {@link Span#offset()}. */
  int codePointOffset(Position position) {
    int index = indexOf(position);
    return text.codePointCount(0, index);
  }

  /** The range covering the whole text. */
  Range whole() {
    return new Range(new Position(0, 0), positionOf(text.length()));
  }
}
