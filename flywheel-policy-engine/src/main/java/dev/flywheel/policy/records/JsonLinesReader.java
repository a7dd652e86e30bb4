package dev.flywheel.policy.records;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Span;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a JSON Lines file of contribution records one line at a time, in memory bounded by the validator's
 * {@link RecordLimits#maxRecordBytes()} whatever the size of the file.
 *
 * <p><b>Lines.</b> A line ends at {@code \n}; a {@code \r} before it is JSON whitespace and is allowed. The text after
 * the last {@code \n}, if any, is the last line; a final {@code \n} does not start an empty line, so an empty file
 * has no lines. Line numbers start at 1.
 *
 * <p><b>Every line is accounted for.</b> {@link #next()} returns one {@link LineResult} per line, in order, each
 * either a valid record or an invalid line with its diagnostics:
 * <ul>
 *   <li>a blank line (empty or only whitespace) is invalid ({@code empty-record}), never skipped;
 *   <li>a line longer than {@code maxRecordBytes} is invalid ({@code record-too-long}, with its length); the reader
 *       skips to the next {@code \n} without keeping the line, so memory stays flat;
 *   <li>anything else is validated by {@link RecordValidator}.
 * </ul>
 *
 * <p>Not thread-safe (one reader per stream); the validator it uses is. I/O errors of the underlying stream are
 * thrown as {@link IOException}; nothing about the content is.
 */
public final class JsonLinesReader implements Closeable {

  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final RecordValidator validator;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[CHUNK];
  private int chunkPos;
  private int chunkLimit;
  private byte[] line = new byte[1024];
  private long lineNumber;
  private boolean eof;

  private JsonLinesReader(InputStream in, RecordValidator validator) {
    this.in = Objects.requireNonNull(in, "in");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.maxLineBytes = validator.limits().maxRecordBytes();
  }

  /**
   * A reader over {@code in} (UTF-8 JSON Lines). The reader owns the stream: {@link #close()} closes it.
   *
   * @throws NullPointerException if an argument is null
   */
  public static JsonLinesReader open(InputStream in, RecordValidator validator) {
    return new JsonLinesReader(in, validator);
  }

  /**
   * Reads every line of {@code in}, passing each result to {@code each} in order, and returns the counts. Does not
   * close {@code in}.
   *
   * @throws IOException if reading {@code in} fails
   */
  public static RecordSummary validateAll(InputStream in, RecordValidator validator, Consumer<LineResult> each)
      throws IOException {
    Objects.requireNonNull(each, "each");
    JsonLinesReader reader = new JsonLinesReader(in, validator);
    RecordSummary summary = RecordSummary.EMPTY;
    for (LineResult r = reader.next(); r != null; r = reader.next()) {
      summary = summary.plus(r);
      each.accept(r);
    }
    return summary;
  }

  /** The number of lines returned so far. */
  public long linesRead() {
    return lineNumber;
  }

  /**
   * The next line's result, or {@code null} after the last line.
   *
   * @throws IOException if reading the stream fails
   */
  public LineResult next() throws IOException {
    if (eof && chunkPos >= chunkLimit) {
      return null;
    }
    int length = 0; // bytes of the line kept in `line`
    long total = 0; // bytes of the line seen, kept or not
    boolean sawAny = false;
    while (true) {
      if (chunkPos >= chunkLimit) {
        if (!fill()) {
          if (!sawAny) {
            return null; // the stream ended right after a line break: no further line
          }
          break;
        }
      }
      sawAny = true;
      int newline = indexOfNewline(chunk, chunkPos, chunkLimit);
      int end = newline < 0 ? chunkLimit : newline;
      int n = end - chunkPos;
      if (total + n <= maxLineBytes) {
        ensureCapacity(length + n);
        System.arraycopy(chunk, chunkPos, line, length, n);
        length += n;
      }
      // Past the limit nothing more is kept: the line is only counted, so memory stays at maxLineBytes.
      total += n;
      chunkPos = end;
      if (newline >= 0) {
        chunkPos++; // consume the line break
        break;
      }
    }
    lineNumber++;
    return new LineResult(lineNumber, check(length, total));
  }

  private RecordResult check(int length, long total) {
    if (total > maxLineBytes) {
      return invalid(DiagnosticCode.RECORD_TOO_LONG, "line is " + total + " bytes long, more than the limit of "
          + maxLineBytes + "; skipped to the next line");
    }
    for (int i = 0; i < length; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return validator.validate(line, length);
      }
    }
    return RecordResult.invalid(List.of(new Diagnostic(DiagnosticCode.EMPTY_RECORD,
        DiagnosticCode.EMPTY_RECORD.severity(), "line is blank; every line must hold one record",
        "remove blank lines from the file", new Span(0, 0, 1, 1), "")));
  }

  private static RecordResult invalid(DiagnosticCode code, String message) {
    return RecordResult.invalid(List.of(new Diagnostic(code, code.severity(), message, null, null, "")));
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
      int grown = (int) Math.min((long) maxLineBytes, Math.max((long) needed, 2L * line.length));
      line = java.util.Arrays.copyOf(line, grown);
    }
  }

  private static int indexOfNewline(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The bytes currently reserved for one line; never more than the limit (memory stays flat). */
  int lineBufferCapacity() {
    return line.length;
  }

  /** Closes the underlying stream. */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
