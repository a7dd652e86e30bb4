package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The splitter's search for a line feed (eight bytes at a time) against the plain byte-by-byte search, for a line
 * feed at every place in and across words, none, two, and neighbours that differ from a line feed by one bit.
 */
class JsonLineSplitterNewlineTest {

  private static int byteByByte(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void indexOfNewline_everyPlacementAndRange_sameAsByteByByte() {
    byte[] fillers = {'a', 0x0B, 0x08, 0x0E, 0x1A, (byte) 0x8A, (byte) 0xFF, 0x00, 0x0A - 1};
    int checked = 0;
    for (byte filler : fillers) {
      for (int length = 0; length <= 27; length++) {
        for (int first = -1; first < length; first++) {
          for (int second = -1; second < length; second += 5) {
            byte[] bytes = new byte[length];
            Arrays.fill(bytes, filler);
            if (first >= 0) {
              bytes[first] = '\n';
            }
            if (second >= 0) {
              bytes[second] = '\n';
            }
            for (int from = 0; from <= length; from += 3) {
              for (int to = from; to <= length; to += 2) {
                assertEquals(byteByByte(bytes, from, to), JsonLineSplitter.indexOfNewline(bytes, from, to));
                checked++;
              }
            }
          }
        }
      }
    }
    assertTrue(checked > 100_000, "cases: " + checked);
  }
}
