package dev.flywheel.policy.records;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a record's bytes stop being well-formed Unicode text, before any JSON parser reads them.
 *
 * <p>Two rules, both from {@code docs/RECORDS.md} section 2:
 * <ul>
 *   <li>the bytes are strict UTF-8 (RFC 3629): no overlong form, no encoded surrogate (U+D800 to U+DFFF, the
 *       CESU-8 way), nothing above U+10FFFF, no sequence cut short, no continuation byte where a character must
 *       start, and none of the bytes C0, C1, F5 to FF;</li>
 *   <li>a JSON escape of a surrogate (a backslash, {@code u} and four hex digits from D800 to DFFF) is half of a
 *       pair: the escape of a high surrogate (D800 to DBFF) is immediately followed by the escape of a low one
 *       (DC00 to DFFF), and the escape of a low one never comes alone.</li>
 * </ul>
 *
 * <p>Why here and not in the parser: Jackson decodes overlong forms and encoded surrogates as if they were the
 * characters they spell, and turns a lone surrogate escape into a lone UTF-16 char, so {@code allow \xC1\xB4rain}
 * would read as {@code allow train} and a record could carry text that has no UTF-8 form. Text like that must be
 * refused, never repaired.
 *
 * <p>Cost: one pass over the bytes, eight bytes at a time while they are ASCII without a backslash (the common case
 * for a whole record), byte by byte elsewhere. A backslash outside a string is a JSON error the parser reports, so the
 * escape rule needs no knowledge of where strings are: it only has to read an escaped backslash as one escape.
 * Stateless and thread-safe. {@code StrictUnicodeTest} checks the UTF-8 rule against the JDK's decoder with
 * {@code CodingErrorAction.REPORT}.
 */
final class StrictUnicode {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long ONES = 0x0101010101010101L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

  private StrictUnicode() {}

  /**
   * The first problem in {@code bytes[0, length)}.
   *
   * @param offset the byte offset where the ill-formed sequence or the surrogate escape starts; every byte before
   *     it is well-formed text
   * @param description what is wrong there, without quoting the record's text
   */
  record Problem(int offset, String description) {}

  /** The first place {@code bytes[0, length)} breaks either rule, or {@code null} when it breaks neither. */
  static Problem firstProblem(byte[] bytes, int length) {
    int i = 0;
    while (i < length) {
      if (i + 8 <= length) {
        long word = (long) LONGS.get(bytes, i);
        if ((word & HIGH_BITS) == 0 && !hasByte(word ^ BACKSLASHES)) {
          i += 8; // eight ASCII bytes, none a backslash
          continue;
        }
      }
      int b = bytes[i];
      if (b >= 0) {
        if (b != '\\') {
          i++;
          continue;
        }
        if (i + 1 >= length || bytes[i + 1] != 'u') {
          // An escape of one ASCII character (an escaped backslash included) is skipped whole; a backslash before a
          // non-ASCII byte is the parser's to refuse, and that byte is still checked here.
          i += i + 1 < length && bytes[i + 1] >= 0 ? 2 : 1;
          continue;
        }
        int unit = hex4(bytes, i + 2, length);
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          boolean pairedWithLow = i + 7 < length && bytes[i + 6] == '\\' && bytes[i + 7] == 'u'
              && isLowSurrogate(hex4(bytes, i + 8, length));
          if (!pairedWithLow) {
            return new Problem(i, "the escape of a high surrogate (" + escape(unit)
                + ") is not followed by the escape of a low surrogate: it encodes no character");
          }
          i += 12;
        } else if (isLowSurrogate(unit)) {
          return new Problem(i, "the escape of a low surrogate (" + escape(unit)
              + ") follows no escape of a high surrogate: it encodes no character");
        } else {
          i += unit < 0 ? 2 : 6; // malformed escapes are the parser's to report
        }
        continue;
      }
      int size = sequenceLength(bytes, i, length);
      if (size < 0) {
        return new Problem(i, "malformed UTF-8: " + malformation(bytes, i, length));
      }
      i += size;
    }
    return null;
  }

  /**
   * The index of the first char of {@code text} that is half of no surrogate pair (a high surrogate not followed by a
   * low one, or a low one not preceded by a high one), or -1 when the text is well-formed UTF-16. Text handed in as
   * a {@code String} or a tree has no bytes to check, but the same rule holds for it.
   */
  static int firstLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return i;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The length of the well-formed UTF-8 sequence starting with the non-ASCII byte at {@code i}, or -1. The table of
   * RFC 3629 section 4: each lead byte allows a narrower range for its first continuation byte, which is what
   * excludes overlong forms (E0, F0), encoded surrogates (ED) and code points above U+10FFFF (F4).
   */
  static int sequenceLength(byte[] bytes, int i, int length) {
    int lead = bytes[i] & 0xFF;
    int size;
    int min = 0x80;
    int max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      size = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      size = 3;
      if (lead == 0xE0) {
        min = 0xA0;
      } else if (lead == 0xED) {
        max = 0x9F;
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      size = 4;
      if (lead == 0xF0) {
        min = 0x90;
      } else if (lead == 0xF4) {
        max = 0x8F;
      }
    } else {
      return -1;
    }
    if (i + size > length) {
      return -1;
    }
    int second = bytes[i + 1] & 0xFF;
    if (second < min || second > max) {
      return -1;
    }
    for (int k = 2; k < size; k++) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return -1;
      }
    }
    return size;
  }

  /** Which rule the sequence at {@code i} breaks; only called once it is known to be malformed. */
  private static String malformation(byte[] bytes, int i, int length) {
    int lead = bytes[i] & 0xFF;
    String at = "byte " + hexByte(lead);
    if (lead >= 0x80 && lead <= 0xBF) {
      return at + " is a continuation byte where a character must start";
    }
    if (lead == 0xC0 || lead == 0xC1) {
      return at + " starts an overlong encoding of an ASCII character";
    }
    if (lead >= 0xF5) {
      return at + " never occurs in UTF-8 (it would start a code point above U+10FFFF or a form RFC 3629 removed)";
    }
    int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    for (int k = 1; k < size; k++) {
      if (i + k >= length || (bytes[i + k] & 0xC0) != 0x80) {
        return at + " starts a sequence of " + size + " bytes that is cut short after " + k;
      }
    }
    int second = bytes[i + 1] & 0xFF;
    if (lead == 0xE0 && second < 0xA0 || lead == 0xF0 && second < 0x90) {
      return at + " starts an overlong encoding";
    }
    if (lead == 0xED) {
      return at + " starts an encoded surrogate (U+D800 to U+DFFF), which UTF-8 does not allow";
    }
    return at + " starts a code point above U+10FFFF";
  }

  private static boolean isLowSurrogate(int unit) {
    return unit >= 0xDC00 && unit <= 0xDFFF;
  }

  /** The value of the four hex digits at {@code from}, or -1 when they are not four hex digits. */
  private static int hex4(byte[] bytes, int from, int length) {
    if (from + 4 > length) {
      return -1;
    }
    int value = 0;
    for (int k = from; k < from + 4; k++) {
      int digit = Character.digit(bytes[k], 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /** True when some byte of {@code word} is zero (the borrow trick: it may mark the wrong byte, never the wrong word). */
  private static boolean hasByte(long word) {
    return ((word - ONES) & ~word & HIGH_BITS) != 0;
  }

  private static String escape(int unit) {
    return String.format("\\u%04X", unit);
  }

  private static String hexByte(int b) {
    return String.format("0x%02X", b);
  }
}
