package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Span;
import org.junit.jupiter.api.Test;

class SourceTextTest {

  @Test
  void span_afterCrlfAndSurrogatePair_countsCodePointsAndLines() {
    SourceText text = new SourceText("a\r\nb\uD83D\uDE00c\rd");
    assertEquals(new Span(3, 1, 2, 1), text.span(3, 4)); // b
    assertEquals(new Span(5, 1, 2, 3), text.span(6, 7)); // c, after the emoji (one code point)
    assertEquals(new Span(7, 1, 3, 1), text.span(8, 9)); // d, after a lone CR
  }

  @Test
  void span_outOfRange_clamped() {
    SourceText text = new SourceText("ab");
    assertEquals(new Span(2, 0, 1, 3), text.span(5, 9));
  }
}
