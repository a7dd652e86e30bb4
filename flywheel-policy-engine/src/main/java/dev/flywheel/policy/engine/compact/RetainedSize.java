package dev.flywheel.policy.engine.compact;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Reason;

/**
 * Estimates of retained heap bytes on a 64-bit HotSpot JVM with compressed references and class pointers (the
 * default below 32 GB of heap): 12-byte object headers, 16-byte array headers, 4-byte references, objects aligned
 * to 8 bytes. Used to weigh cache entries; the layout of larger heaps (uncompressed references) makes entries up to
 * about half as large again, which the weigher's high side absorbs in part.
 */
public final class RetainedSize {
  private static final long OBJECT_HEADER = 12;
  private static final long ARRAY_HEADER = 16;
  /** A String object without its array: header, value, hash, coder and hashIsZero. */
  private static final long STRING = 24;
  /** A {@link dev.flywheel.policy.Span}: four ints. */
  public static final long SPAN = 32;
  /** A decision record without its lists. */
  private static final long DECISION = 32;
  /** An immutable list object without its slots. */
  private static final long LIST = 24;
  /** A {@link Reason} record without its strings and span. */
  private static final long REASON = 32;
  /** A {@link Diagnostic} record without its strings and span. */
  private static final long DIAGNOSTIC = 40;

  private RetainedSize() {}

  /**
   * {@code bytes} rounded up to the 8-byte object alignment.
   *
   * @param bytes a size
   * @return the aligned size
   */
  public static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /**
   * An object with {@code fieldBytes} bytes of fields.
   *
   * @param fieldBytes the bytes of its fields
   * @return its retained size
   */
  public static long object(long fieldBytes) {
    return align(OBJECT_HEADER + fieldBytes);
  }

  /**
   * An array of {@code length} elements of {@code elementBytes} bytes each.
   *
   * @param elementBytes bytes per element
   * @param length the number of elements
   * @return its retained size
   */
  public static long array(long elementBytes, long length) {
    return align(ARRAY_HEADER + elementBytes * length);
  }

  /**
   * A String and its array: one byte per char when every char is Latin-1, else two.
   *
   * @param s the string, or null (0 bytes)
   * @return its retained size
   */
  public static long string(String s) {
    if (s == null) {
      return 0;
    }
    return STRING + array(isLatin1(s) ? 1 : 2, s.length());
  }

  /**
   * A String of {@code length} chars of {@code charBytes} bytes each, without looking at it.
   *
   * @param length its length in chars
   * @param charBytes 1 (Latin-1) or 2
   * @return its retained size
   */
  public static long string(long length, int charBytes) {
    return STRING + array(charBytes, length);
  }

  private static boolean isLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  /**
   * A decision with its own reasons and diagnostics (shared constants such as the parts of an enum not counted).
   *
   * @param decision the decision
   * @return its retained size
   */
  public static long decision(Decision decision) {
    long bytes = DECISION + LIST + array(4, decision.reasons().size());
    for (Reason reason : decision.reasons()) {
      bytes += REASON + string(reason.message()) + string(reason.clause()) + (reason.span() == null ? 0 : SPAN);
    }
    bytes += LIST + array(4, decision.diagnostics().size());
    for (Diagnostic d : decision.diagnostics()) {
      bytes += DIAGNOSTIC + string(d.message()) + string(d.help()) + string(d.pointer()) + (d.span() == null ? 0 : SPAN);
    }
    return bytes;
  }
}
