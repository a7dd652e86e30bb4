package dev.flywheel.policy.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.Span;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

class TextPositionsTest {
  /** U+1F600, one code point, two UTF-16 chars. */
  private static final String EMOJI = "\uD83D\uDE00";

  @Test
  void range_spanAfterAstralCharacters_countsTwoUtf16UnitsEach() {
    String text = "\"" + EMOJI + EMOJI + "\" trian";
    // Code points: quote, 2 emoji, quote, space: 'trian' starts at code-point offset 5, column 6.
    Range range = new TextPositions(text).range(new Span(5, 5, 1, 6));
    assertEquals(new Range(new Position(0, 7), new Position(0, 12)), range);
  }

  @Test
  void range_spanCoveringAstralCharacter_endsAfterItsLowSurrogate() {
    String text = "ab" + EMOJI + "c";
    assertEquals(new Range(new Position(0, 2), new Position(0, 4)), new TextPositions(text).range(new Span(2, 1, 1, 3)));
  }

  @Test
  void start_lineBreaksLfCrlfAndLoneCr_eachStartsALine() {
    TextPositions positions = new TextPositions("a\nb\r\nc\rd");
    assertEquals(new Position(1, 0), positions.start(new Span(2, 1, 2, 1)));
    assertEquals(new Position(2, 0), positions.start(new Span(5, 1, 3, 1)));
    assertEquals(new Position(3, 0), positions.start(new Span(7, 1, 4, 1)));
  }

  @Test
  void start_columnPastEndOfLine_clampedBeforeLineBreak() {
    assertEquals(new Position(0, 2), new TextPositions("ab\r\ncd").start(new Span(0, 0, 1, 40)));
  }

  @Test
  void end_emptySpanAtEndOfText_isEndPosition() {
    assertEquals(new Position(1, 4), new TextPositions("x\nallow").end(new Span(6, 0, 2, 5)));
  }

  @Test
  void indexOf_positionInsideSurrogatePair_movedToPairStart() {
    TextPositions positions = new TextPositions("a" + EMOJI + "b");
    assertEquals(1, positions.indexOf(new Position(0, 2)));
    assertEquals(3, positions.indexOf(new Position(0, 3)));
  }

  @Test
  void indexOf_characterPastLineEndOrLinePastText_clamped() {
    TextPositions positions = new TextPositions("ab\ncd");
    assertEquals(2, positions.indexOf(new Position(0, 99)));
    assertEquals(5, positions.indexOf(new Position(7, 0)));
    assertEquals(0, positions.indexOf(new Position(-1, 0)));
  }

  @Test
  void codePointOffset_afterAstralCharacter_countsItOnce() {
    assertEquals(2, new TextPositions(EMOJI + "ab").codePointOffset(new Position(0, 3)));
  }

  @Test
  void positionOf_betweenCrAndLf_staysOnTheLineTheyEnd() {
    assertEquals(new Position(0, 2), new TextPositions("ab\r\ncd").positionOf(3));
  }

  /** Converting a code point's span to a range and back gives the code point's offset, for text of any plane. */
  @Property(tries = 300)
  void range_roundTrip_codePointOffsetPreserved(
      @ForAll @StringLength(max = 40) @CharRange(from = '\n', to = '\n') @CharRange(from = 'a', to = 'c')
      @CharRange(from = '\uD83D', to = '\uD83D') String raw) {
    // Pair every high surrogate with a low one, so the text is well-formed UTF-16 with astral characters in it.
    String text = raw.replace("\uD83D", EMOJI);
    TextPositions positions = new TextPositions(text);
    int codePoints = text.codePointCount(0, text.length());
    int line = 1;
    int column = 1;
    int index = 0;
    for (int offset = 0; offset < codePoints; offset++) {
      Position start = positions.start(new Span(offset, 1, line, column));
      assertEquals(offset, positions.codePointOffset(start));
      assertEquals(index, positions.indexOf(start));
      int cp = text.codePointAt(index);
      index += Character.charCount(cp);
      if (cp == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
  }
}
