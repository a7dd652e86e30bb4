package dev.flywheel.policy.filter;

/**
 * Makes text taken from input safe to show on a terminal: every code point that could control the terminal, hide
 * itself or reorder what is shown is replaced by {@code ?}, one column each, so that a report about hostile input
 * shows what is there instead of what the input wants shown.
 *
 * <p>Replaced: control characters (C0, DEL, C1, so ESC and BEL too), format characters (bidirectional controls such
 * as U+202E, zero-width characters, the byte order mark), lone surrogates, line and paragraph separators, unassigned
 * and private-use code points, spaces other than U+0020 (no-break and fixed-width spaces look like a space but are not
 * one), and the other default-ignorable code points that draw nothing (variation selectors, Hangul fillers, U+034F).
 * Everything else, letters of any script included, is kept. Text that is already safe is returned as it is.
 *
 * <p>{@link #field} is for a value shown inside a line (a name, a JSON pointer, a file name): line breaks and tabs are
 * replaced too. {@link #lines} is for text made of lines: {@code \n} and tabs are kept.
 */
public final class TerminalText {
  private TerminalText() {}

  /**
   * {@return {@code text} for use inside one line} Every unsafe code point, line breaks and tabs too, becomes
   * {@code ?}.
   *
   * @param text the text to show, or null (returned as it is)
   */
  public static String field(String text) {
    return sanitise(text, false);
  }

  /**
   * {@return {@code text} made of lines} Like {@link #field}, but {@code \n} and tab are kept.
   *
   * @param text the text to show, or null (returned as it is)
   */
  public static String lines(String text) {
    return sanitise(text, true);
  }

  /**
   * {@return whether {@code cp} may be shown on a terminal as it is} Line breaks and tabs are not.
   *
   * @param cp a code point, or a lone surrogate's char value
   */
  public static boolean isSafe(int cp) {
    if (cp < 0x20) {
      return false;
    }
    if (cp < 0x7F) {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SPACE_SEPARATOR:
        return false;
      default:
        return !isInvisibleFiller(cp);
    }
  }

  /** Default-ignorable code points that are not format characters: they draw nothing. */
  private static boolean isInvisibleFiller(int cp) {
    return cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
        || (cp >= 0x180B && cp <= 0x180F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFA0
        || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  private static String sanitise(String text, boolean keepLineBreaks) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!keeps(cp, keepLineBreaks)) {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length()).append(text, 0, i);
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      sb.appendCodePoint(keeps(cp, keepLineBreaks) ? cp : '?');
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static boolean keeps(int cp, boolean keepLineBreaks) {
    return isSafe(cp) || (keepLineBreaks && (cp == '\n' || cp == '\t'));
  }
}
