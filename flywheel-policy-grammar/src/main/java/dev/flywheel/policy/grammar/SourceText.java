package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Span;
import java.util.Arrays;

/**
 * The terms as code points, with the start of every line, so that token positions (ANTLR counts code points) become
 * {@link Span}s with 1-based line and column. Line breaks are {@code \n}, {@code \r\n} and a lone {@code \r}.
 */
final class SourceText {
  private final int[] codePoints;
  private final int[] lineStarts;
  private final int lineCount;

  SourceText(String text) {
    this.codePoints = text.codePoints().toArray();
    int[] starts = new int[8];
    int count = 1;
    for (int i = 0; i < codePoints.length; i++) {
      int cp = codePoints[i];
      boolean lineBreak = cp == '\n' || (cp == '\r' && (i + 1 >= codePoints.length || codePoints[i + 1] != '\n'));
      if (lineBreak) {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = starts;
    this.lineCount = count;
  }

  int length() {
    return codePoints.length;
  }

  int codePointAt(int offset) {
    return codePoints[offset];
  }

  /** The span of {@code length} code points from {@code offset}. */
  Span span(int offset, int length) {
    int line = lineOf(offset);
    return new Span(offset, length, line + 1, offset - lineStarts[line] + 1);
  }

  /** The span from {@code start} to {@code endExclusive}. */
  Span spanBetween(int start, int endExclusive) {
    return span(start, Math.max(0, endExclusive - start));
  }

  /** 0-based index of the line holding {@code offset}. */
  private int lineOf(int offset) {
    int lo = 0;
    int hi = lineCount - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The text of the code points in {@code [start, end)}. */
  String text(int start, int end) {
    return new String(codePoints, start, end - start);
  }
}
