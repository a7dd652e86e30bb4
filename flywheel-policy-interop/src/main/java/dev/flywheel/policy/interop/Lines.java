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
}
