package dev.flywheel.policy.interop;

import java.util.ArrayList;
import java.util.List;

/** Splits text into lines (LF, CRLF or lone CR), as UTF-16 ranges without the line breaks. */
final class Lines {
  private Lines() {}

  static List<int[]> split(String text) {
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        lines.add(new int[] {start, i});
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < n || n == 0) {
      lines.add(new int[] {start, n});
    }
    return lines;
  }

  /**
   * The index of the first {@code c} in the UTF-16 range [from, to) of {@code text}, or -1. Unlike
   * {@link String#indexOf(int, int)} it never looks past {@code to}, so a search per line stays linear in the text.
   */
  static int indexOf(String text, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
