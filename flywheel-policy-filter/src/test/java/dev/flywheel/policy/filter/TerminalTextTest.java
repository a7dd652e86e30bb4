package dev.flywheel.policy.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TerminalText}: what a terminal would act on or not show becomes '?', everything else is kept. */
class TerminalTextTest {

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x07, 0x08, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x9B, 0x00A0, 0x00AD, 0x034F, 0x061C, 0x115F,
      0x180E, 0x2007, 0x200B, 0x200D, 0x200E, 0x2028, 0x2029, 0x202A, 0x202E, 0x202F, 0x2066, 0x2069, 0x3000, 0x3164,
      0xD800, 0xDFFF, 0xE000, 0xFE0F, 0xFEFF, 0xFFA0, 0xE0001, 0xE0100, 0x10FFFF})
  void isSafe_controlBidiInvisibleSurrogateSpaceUnassigned_false(int cp) {
    assertFalse(TerminalText.isSafe(cp), () -> String.format("U+%04X", cp));
    assertEquals("a?b", TerminalText.field("a" + new StringBuilder().appendCodePoint(cp) + "b"));
  }

  @ParameterizedTest
  @ValueSource(ints = {' ', 'a', '~', 0x00E9, 0x0101, 0x0430, 0x05D0, 0x0627, 0x0915, 0x4E2D, 0xAC00, 0x1F600,
      0x1D5C6})
  void isSafe_visibleCharactersOfAnyScript_true(int cp) {
    assertTrue(TerminalText.isSafe(cp), () -> String.format("U+%04X", cp));
  }

  @Test
  void field_lineBreaksAndTabs_replaced_linesKeepsThem() {
    assertEquals("a?b?c?d", TerminalText.field("a\nb\rc\td"));
    assertEquals("a\nb?c\td", TerminalText.lines("a\nb\rc\td"));
  }

  @Test
  void field_escapeSequence_cannotReachTheTerminal() {
    assertEquals("?[2J?]0;title?x", TerminalText.field("\u001b[2J\u001b]0;title\u0007x"));
  }

  @Test
  void field_safeText_returnedAsIs() {
    String safe = "Te Hiku Media, māori, 日本語 \uD83D\uDE00";
    assertSame(safe, TerminalText.field(safe));
    assertEquals(null, TerminalText.field(null));
  }

  @Test
  void field_surrogatePairKept_loneSurrogatesReplacedOneEach() {
    assertEquals("\uD83D\uDE00?x?", TerminalText.field("\uD83D\uDE00\uD83Dx\uDC00"));
  }
}
