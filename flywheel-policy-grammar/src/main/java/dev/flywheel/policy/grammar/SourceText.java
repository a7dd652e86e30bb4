package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Span;
import java.util.Arrays;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The terms as code points, with the start of every line, so that token positions (ANTLR counts code points) become
 * {@link Span}s with 1-based line and column. Line breaks are {@code \n}, {@code \r\n} and a lone {@code \r}.
 *
 * <p>Terms without surrogate pairs (nearly all) are kept as the String itself, whose chars are then its code points:
 * no copy is made for positions, nor for the lexer, which reads the text through {@link #charStream()}.
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

  /**
   * The text for the lexer, without a copy. Tokens' text is the source's own; but the lexer sees every code point
   * above U+007F as {@link #NON_ASCII_STAND_IN}. Why: ANTLR's lexer caches its DFA transitions for code points 0 to
   * 127 only, and simulates its ATN afresh, allocating as it goes, for every other one; a long non-ASCII word cost
   * about a kilobyte of garbage per character. No rule of the grammar tells one non-ASCII code point from another
   * (all are only ever matched by the negated sets of WORD and STRING), and the stand-in, used by no rule either, is
   * matched by exactly those sets: the tokens are the same, as {@code SourceTextTest} checks against ANTLR's own
   * stream on arbitrary text.
   */
  CharStream charStream() {
    return new LexerView();
  }

  /** An ASCII control character no lexer rule names, so it lexes as any non-ASCII code point does. */
  static final int NON_ASCII_STAND_IN = 0x01;

  /** The source as ANTLR's {@link CharStream}, with the same semantics as its {@code CodePointCharStream}. */
  private final class LexerView implements CharStream {
    private int position;

    @Override
    public int LA(int i) {
      int offset;
      if (i > 0) {
        offset = position + i - 1;
      } else if (i < 0) {
        offset = position + i;
      } else {
        return 0; // undefined, as in ANTLR's own streams
      }
      if (offset < 0 || offset >= length) {
        return IntStream.EOF;
      }
      int cp = codePointAt(offset);
      return cp > 0x7F ? NON_ASCII_STAND_IN : cp;
    }

    @Override
    public void consume() {
      if (position >= length) {
        throw new IllegalStateException("cannot consume EOF");
      }
      position++;
    }

    @Override
    public int mark() {
      return -1;
    }

    @Override
    public void release(int marker) {
      // nothing is buffered: the whole text is at hand
    }

    @Override
    public int index() {
      return position;
    }

    @Override
    public void seek(int index) {
      position = index;
    }

    @Override
    public int size() {
      return length;
    }

    @Override
    public String getSourceName() {
      return IntStream.UNKNOWN_SOURCE_NAME;
    }

    @Override
    public String getText(Interval interval) {
      int start = Math.min(interval.a, length);
      int end = Math.min(interval.b + 1, length);
      return start >= end ? "" : text(start, end);
    }
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
