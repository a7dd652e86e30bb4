package dev.flywheel.policy.records;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a JSON Lines stream into lines by the rules of {@code docs/RECORDS.md} section 4: a line ends at
 * {@code \n}; the text after the last {@code \n} is the last line; a final {@code \n} starts no line. A line longer
 * than the limit is not kept, only measured, so memory stays at the limit whatever the input.
 *
 * <p>{@link JsonLinesReader} reads through it and validates each line at once; a caller that needs each line's bytes
 * (to copy the record to an output) or validates on other threads uses it directly, with
 * {@link JsonLinesReader#lineProblem} for the rules a line breaks before it is validated. Not thread-safe.
 */
public final class JsonLineSplitter implements java.io.Closeable {
  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[CHUNK];
  private int chunkPos;
  private int chunkLimit;
  private boolean eof;
  private byte[] line = new byte[1024];
  private int length;
  private long totalLength;
  private long lineNumber;

  /**
   * A splitter over {@code in}, keeping lines of at most {@code maxLineBytes} bytes.
   *
   * @param in the stream to split; not closed by the splitter
   * @param maxLineBytes the longest line kept, in bytes, without its line break
   * @throws NullPointerException if {@code in} is null
   * @throws IllegalArgumentException if {@code maxLineBytes} is below 1
   */
  public JsonLineSplitter(InputStream in, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1, was " + maxLineBytes);
    }
    this.in = java.util.Objects.requireNonNull(in, "in");
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Advances to the next line; false after the last one.
   *
   * @return true when there is a current line, false after the last one
   * @throws IOException if reading the stream fails
   */
  public boolean next() throws IOException {
    length = 0;
    totalLength = 0;
    boolean sawAny = false;
    while (true) {
      if (chunkPos >= chunkLimit && !fill()) {
        if (!sawAny) {
          return false;
        }
        break;
      }
      sawAny = true;
      int newline = indexOfNewline(chunk, chunkPos, chunkLimit);
      int end = newline < 0 ? chunkLimit : newline;
      int n = end - chunkPos;
      if (totalLength + n <= maxLineBytes) {
        ensureCapacity(length + n);
        System.arraycopy(chunk, chunkPos, line, length, n);
        length += n;
      }
      totalLength += n;
      chunkPos = end;
      if (newline >= 0) {
        chunkPos++;
        break;
      }
    }
    lineNumber++;
    return true;
  }

  /** {@return the 1-based number of the current line; 0 before the first call to {@link #next()}} */
  public long lineNumber() {
    return lineNumber;
  }

  /** {@return true when the current line is longer than the limit (its bytes were not kept)} */
  public boolean tooLong() {
    return totalLength > maxLineBytes;
  }

  /** {@return the current line's length in bytes, kept or not} */
  public long totalLength() {
    return totalLength;
  }

  /** {@return true when the current line holds only spaces, tabs and carriage returns (or nothing)} */
  public boolean blank() {
    for (int i = 0; i < length; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** {@return a copy of the current line's bytes, without the line break (only when not {@link #tooLong()})} */
  public byte[] copy() {
    return Arrays.copyOf(line, length);
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(chunk, 0, chunk.length);
    while (n == 0) {
      n = in.read(chunk, 0, chunk.length);
    }
    if (n < 0) {
      eof = true;
      chunkPos = 0;
      chunkLimit = 0;
      return false;
    }
    chunkPos = 0;
    chunkLimit = n;
    return true;
  }

  private void ensureCapacity(int needed) {
    if (needed > line.length) {
      line = Arrays.copyOf(line, (int) Math.min((long) maxLineBytes, Math.max((long) needed, 2L * line.length)));
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** The index of the first line feed in {@code bytes[from, to)}, or -1; eight bytes at a time until a word has one. */
  static int indexOfNewline(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(bytes, i) ^ NEWLINES; // a zero byte where the line feed is
      if (((x - ONES) & ~x & HIGH_BITS) != 0) {
        break; // this word has one: found byte by byte below
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The buffer holding the current line's kept bytes, from 0 to {@link #length()}. */
  byte[] buffer() {
    return line;
  }

  /** The number of kept bytes of the current line. */
  int length() {
    return length;
  }

  /** The bytes currently reserved for one line; never more than the limit. */
  int capacity() {
    return line.length;
  }

  /** Closes the underlying stream. */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
