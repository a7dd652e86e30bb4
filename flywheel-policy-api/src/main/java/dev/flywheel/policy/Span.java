package dev.flywheel.policy;

/**
 * A region of source text.
 *
 * <p>All four numbers count Unicode code points, not UTF-16 chars or bytes, so a position is the same whatever the
 * encoding of the text. {@code offset} is 0-based; {@code line} and {@code column} are 1-based. Line breaks are
 * {@code \n}, {@code \r\n} or a lone {@code \r}.
 *
 * @param offset code points before the region's first code point (0-based)
 * @param length code points in the region (may be 0, for example at the end of input)
 * @param line 1-based line of the first code point
 * @param column 1-based column of the first code point, in code points
 */
public record Span(int offset, int length, int line, int column) {

  /**
   * Creates the record.
   *
   * @param offset code points before the region's first code point (0-based)
   * @param length code points in the region (may be 0, for example at the end of input)
   * @param line 1-based line of the first code point
   * @param column 1-based column of the first code point, in code points
   * @throws IllegalArgumentException if offset or length is negative, or line or column is below 1
   */
  public Span {
    if (offset < 0 || length < 0 || line < 1 || column < 1) {
      throw new IllegalArgumentException(
          "invalid span: offset=" + offset + " length=" + length + " line=" + line + " column=" + column);
    }
  }

  /** {@return the code point just after the region} */
  public int end() {
    return offset + length;
  }
}
