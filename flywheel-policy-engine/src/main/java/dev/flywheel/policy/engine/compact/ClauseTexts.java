package dev.flywheel.policy.engine.compact;

import dev.flywheel.policy.Span;

/**
 * Reads a clause's span and canonical text back from the source text, so that the compact form need not keep them:
 * a clause's span is the text between its semicolons (outside quoted names) without the surrounding blanks, and a
 * clause written in canonical form (nearly all) is its own canonical text. {@code CompactTerms.compile} checks, clause
 * by clause, that this reading gives exactly what the parser gave, and keeps what it does not.
 */
final class ClauseTexts {
  private ClauseTexts() {}

  static final long NO_RANGE = -1L;

  /**
   * The next clause's range in {@code source} from char {@code from} on: the first stretch up to a semicolon outside
   * a quoted name (or the end) that holds more than blanks, without its leading and trailing blanks (spaces and
   * tabs; line breaks are not looked for, the caller knows there are none); start in the high half, end in the low
   * half; {@link #NO_RANGE} when there is none. Inside a quoted name a backslash escapes the next char.
   */
  static long nextRange(String source, int from) {
    int length = source.length();
    int i = from;
    while (i < length) {
      // The stretch ends at the first semicolon that is not inside a quoted name (String.indexOf is fast).
      int semicolon = source.indexOf(';', i);
      int quote = source.indexOf('"', i);
      while (quote >= 0 && (semicolon < 0 || quote < semicolon)) {
        int j = quote + 1;
        while (j < length && source.charAt(j) != '"') {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, length);
        semicolon = source.indexOf(';', j);
        quote = source.indexOf('"', j);
      }
      int stop = semicolon < 0 ? length : semicolon;
      int start = i;
      int end = stop;
      while (start < end && isBlank(source.charAt(start))) {
        start++;
      }
      while (end > start && isBlank(source.charAt(end - 1))) {
        end--;
      }
      if (end > start) {
        return (long) start << 32 | end;
      }
      i = stop + 1; // only blanks: past its semicolon
    }
    return NO_RANGE;
  }

  /** The range of clause number {@code clause} (see {@link #nextRange}). */
  static long range(String source, int clause) {
    long range = nextRange(source, 0);
    for (int i = 0; i < clause; i++) {
      range = nextRange(source, (int) range + 1);
    }
    return range;
  }

  private static boolean isBlank(char ch) {
    return ch == ' ' || ch == '\t';
  }

  static boolean isAscii(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Recently built first-line spans, by offset and length: equal spans recur across statements (the second clause of
   * many terms starts at the same offset), so filled cells share them. Racy reads and writes are harmless: a span is
   * immutable, and a missed or lost entry only means a new, equal span.
   */
  private static final Span[] FIRST_LINE_SPANS = new Span[256];

  static Span firstLineSpan(int offset, int length) {
    int h = offset * 31 + length;
    int slot = (h ^ (h >>> 8)) & (FIRST_LINE_SPANS.length - 1);
    Span span = FIRST_LINE_SPANS[slot];
    if (span != null && span.offset() == offset && span.length() == length) {
      return span; // every span in the table is on line 1, at column offset + 1
    }
    span = new Span(offset, length, 1, offset + 1);
    FIRST_LINE_SPANS[slot] = span;
    return span;
  }
}
