package dev.flywheel.policy.cli;

import dev.flywheel.policy.filter.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The writer every command's text output goes through: each code point that {@link TerminalText#isSafe} rejects is
 * written as {@code ?}, except line breaks ({@code \n}) and tabs, so nothing a command prints about its input can
 * control or spoof the terminal. Commands print JSON through {@link #raw} instead: Jackson escapes control characters
 * there, and JSON strings must keep their exact content.
 */
final class TerminalWriter extends PrintWriter {
  private final PrintWriter raw;

  private TerminalWriter(PrintWriter raw) {
    super(new Sanitiser(raw), true);
    this.raw = raw;
  }

  /** {@code writer} behind the sanitiser. */
  static TerminalWriter over(PrintWriter writer) {
    return writer instanceof TerminalWriter t ? t : new TerminalWriter(writer);
  }

  /**
   * The writer behind {@code writer}'s sanitiser, after flushing what was written through the sanitiser so that the
   * order of the output is kept; {@code writer} itself when it has none.
   */
  static PrintWriter raw(PrintWriter writer) {
    if (writer instanceof TerminalWriter t) {
      t.flush();
      return t.raw;
    }
    return writer;
  }

  @Override
  public boolean checkError() {
    return super.checkError() || raw.checkError();
  }

  /** Replaces unsafe code points as they pass; a high surrogate waits for the next char to be judged as a pair. */
  private static final class Sanitiser extends Writer {
    private final PrintWriter out;
    private char pendingHigh;

    Sanitiser(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      StringBuilder sb = new StringBuilder(len + 1);
      for (int i = off; i < off + len; i++) {
        char c = buf[i];
        if (pendingHigh != 0) {
          char high = pendingHigh;
          pendingHigh = 0;
          if (Character.isLowSurrogate(c)) {
            int cp = Character.toCodePoint(high, c);
            if (TerminalText.isSafe(cp)) {
              sb.append(high).append(c);
            } else {
              sb.append('?');
            }
            continue;
          }
          sb.append('?'); // a high surrogate without its low half
        }
        if (Character.isHighSurrogate(c)) {
          pendingHigh = c;
        } else {
          sb.append(c == '\n' || c == '\t' || TerminalText.isSafe(c) ? c : '?');
        }
      }
      out.write(sb.toString());
    }

    @Override
    public void flush() {
      // A pending high surrogate stays pending: its low half may come with the next write.
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (pendingHigh != 0) {
        out.write('?');
        pendingHigh = 0;
      }
      out.close();
    }
  }
}
