package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Span;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CodePointBuffer;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.IntStream;

/**
 * The terms as code points, with the start of every line, so that token positions (ANTLR counts code points) become
 * {@link Span}s with 1-based line and column. Line breaks are {@code \n}, {@code \r\n} and a lone {@code \r}.
 *
 * <p>Terms without surrogate pairs (nearly all) are kept as the String itself, whose chars are then its code points:
 * no copy is made for positions, and the lexer reads one compact copy (bytes when every char is below U+0100).
 */
final class SourceText {
  private final String text;
  /** The code points, or {@code null} when every char of {@code text} is one code point. */
  private final int[] codePoints;
  private final int length;
  private final int[] lineStarts;
  private final int lineCount;

  SourceText(String text) {
    this.text = text;
    this.length = text.codePointCount(0, text.length());
    this.codePoints = length == text.length() ? null : text.codePoints().toArray();
    int[] starts = new int[8];
    int count = 1;
    for (int i = 0; i < length; i++) {
      int cp = codePointAt(i);
      boolean lineBreak = cp == '\n' || (cp == '\r' && (i + 1 >= length || codePointAt(i + 1) != '\n'));
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
    return length;
  }

  int codePointAt(int offset) {
    return codePoints == null ? text.charAt(offset) : codePoints[offset];
  }

  /** The text for the lexer: the same code points as {@code CharStreams.fromString} would give, copied once. */
  CharStream charStream() {
    CodePointBuffer buffer;
    if (codePoints != null) {
      buffer = CodePointBuffer.withInts(IntBuffer.wrap(codePoints));
    } else if (latin1()) {
      buffer = CodePointBuffer.withBytes(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    } else {
      buffer = CodePointBuffer.withChars(CharBuffer.wrap(text.toCharArray()));
    }
    return CodePointCharStream.fromBuffer(buffer, IntStream.UNKNOWN_SOURCE_NAME);
  }

  private boolean latin1() {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
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
    return codePoints == null ? text.substring(start, end) : new String(codePoints, start, end - start);
  }
}
