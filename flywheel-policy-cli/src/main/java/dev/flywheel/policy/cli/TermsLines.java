package dev.flywheel.policy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.records.StrictUtf8;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * The long-lived line mode of {@code validate --lines} and {@code decide --lines}: one terms string per input line,
 * one JSON result per output line, flushed as soon as it is written, so a process that will not speak HTTP can keep
 * one JVM and talk to it through a pipe.
 *
 * <p>Every line gets exactly one answer, in order. A line longer than {@link TermsArguments#MAX_STDIN_BYTES} bytes is
 * answered with {@code input-too-long} (its bytes are skipped, never held), one that is not UTF-8 with
 * {@code invalid-unicode}; a trailing carriage return is dropped, so CRLF input works.
 */
final class TermsLines {
  private TermsLines() {}

  /** What one line is: its text, or the diagnostic that stands for it when it cannot be read as terms. */
  record Line(String text, Diagnostic problem) {}

  /**
   * Answers every line of {@code in} with {@code answer}, one compact JSON value per line on {@code out}.
   *
   * @return the number of lines answered
   * @throws IOException if reading fails
   */
  static long run(InputStream in, PrintWriter out, Function<Line, JsonNode> answer) throws IOException {
    PrintWriter raw = TerminalWriter.raw(out);
    InputStream input = new BufferedInputStream(in, 1 << 16);
    int limit = TermsArguments.MAX_STDIN_BYTES;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean tooLong = false;
    long count = 0;
    int b;
    boolean pending = false;
    while ((b = input.read()) >= 0) {
      pending = true;
      if (b != '\n') {
        if (line.size() < limit) {
          line.write(b);
        } else {
          tooLong = true;
        }
        continue;
      }
      answer(raw, answer, line, tooLong, limit);
      count++;
      line.reset();
      tooLong = false;
      pending = false;
    }
    if (pending) {
      answer(raw, answer, line, tooLong, limit);
      count++;
    }
    return count;
  }

  private static void answer(PrintWriter out, Function<Line, JsonNode> answer, ByteArrayOutputStream bytes,
      boolean tooLong, int limit) {
    byte[] b = bytes.toByteArray();
    int length = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
    Line line;
    if (tooLong) {
      line = new Line(null, Diagnostic.of(DiagnosticCode.INPUT_TOO_LONG,
          "the line is longer than " + limit + " bytes, more than the terms' length limit"));
    } else {
      line = StrictUtf8.decode(b, 0, length).map(text -> new Line(text, null)).orElseGet(() ->
          new Line(null, Diagnostic.of(DiagnosticCode.INVALID_UNICODE, "the line is not valid UTF-8")));
    }
    out.print(answer.apply(line).toString());
    out.print('\n');
    out.flush();
  }
}
