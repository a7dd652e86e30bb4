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

  private final RecordValidator validator;
  private final JsonLineSplitter splitter;

  private JsonLinesReader(InputStream in, RecordValidator validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.splitter = new JsonLineSplitter(Objects.requireNonNull(in, "in"), validator.limits().maxRecordBytes());
  }

  /**
   * {@return a reader over {@code in} (UTF-8 JSON Lines)} The reader owns the stream: {@link #close()} closes it.
   *
   * @param in the records, UTF-8 JSON Lines
   * @param validator the validator for each line
   * @throws NullPointerException if an argument is null
   */
  public static JsonLinesReader open(InputStream in, RecordValidator validator) {
    return new JsonLinesReader(in, validator);
  }

  /**
   * Reads every line of {@code in}, passing each result to {@code each} in order, and returns the counts. Does not
   * close {@code in}.
   *
   * @param in the records, UTF-8 JSON Lines
   * @param validator the validator for each line
   * @param each receives every line's result, in order
   * @return the counts of lines, valid, invalid and valid with warnings
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

  /** {@return the number of lines returned so far} */
  public long linesRead() {
    return splitter.lineNumber();
  }

  /**
   * {@return the next line's result, or {@code null} after the last line}
   *
   * @throws IOException if reading the stream fails
   */
  public LineResult next() throws IOException {
    if (!splitter.next()) {
      return null;
    }
    RecordResult problem = lineProblem(splitter, validator.limits().maxRecordBytes());
    return new LineResult(splitter.lineNumber(),
        problem != null ? problem : validator.validate(splitter.buffer(), splitter.length()));
  }

  /**
   * {@return what is wrong with the splitter's current line before any validation, or {@code null} when the line is
   * to be validated} See {@link #lineProblem(byte[], int, long, int)}.
   *
   * @param splitter the splitter, positioned on a line
   * @param maxLineBytes the longest line accepted, in bytes
   */
  public static RecordResult lineProblem(JsonLineSplitter splitter, int maxLineBytes) {
    return lineProblem(splitter.buffer(), splitter.length(), splitter.totalLength(), maxLineBytes);
  }

  /**
   * {@return what is wrong with one line of a JSON Lines file before any validation, or {@code null} when the line is
   * to be validated: a line over {@code maxLineBytes} is {@code record-too-long} (its bytes need not have been kept), a
   * blank line is {@code empty-record} (never skipped)} The one place these JSON Lines rules are stated; the reader,
   * the filter and the Spark job all apply them through here.
   *
   * @param line the line's bytes, without its line break (only the first {@code length} are read)
   * @param length how many bytes of {@code line} were kept
   * @param totalLength the line's full length in bytes, kept or not
   * @param maxLineBytes the longest line accepted
   */
  public static RecordResult lineProblem(byte[] line, int length, long totalLength, int maxLineBytes) {
    if (totalLength > maxLineBytes) {
      return invalid(DiagnosticCode.RECORD_TOO_LONG, "line is " + totalLength
          + " bytes long, more than the limit of " + maxLineBytes + "; skipped to the next line", null, null);
    }
    for (int i = 0; i < length; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return null;
      }
    }
    return invalid(DiagnosticCode.EMPTY_RECORD, "line is blank; every line must hold one record",
        "remove blank lines from the file", new Span(0, 0, 1, 1));
  }

  private static RecordResult invalid(DiagnosticCode code, String message, String help, Span span) {
    return RecordResult.invalid(List.of(new Diagnostic(code, code.severity(), message, help, span, "")));
  }

  /** The bytes currently reserved for one line; never more than the limit (memory stays flat). */
  int lineBufferCapacity() {
    return splitter.capacity();
  }

  /** Closes the underlying stream. */
  @Override
  public void close() throws IOException {
    splitter.close();
  }
}
