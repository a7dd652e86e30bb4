package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {
  @Test
  void decode_wellFormed_isTheText() {
    String text = "eval-only · Māori 𝄞";
    assertEquals(Optional.of(text), StrictUtf8.decode(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void decode_malformed_isEmptyNeverReplaced() {
    byte[][] malformed = {
        {(byte) 0xC0, (byte) 0xAF},                                  // overlong '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},                     // an encoded surrogate
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},        // past U+10FFFF
        {'a', (byte) 0xE2, (byte) 0x82},                             // cut short
        {(byte) 0x80},                                               // a stray continuation byte
    };
    for (byte[] bytes : malformed) {
      assertTrue(StrictUtf8.decode(bytes).isEmpty(), () -> java.util.HexFormat.of().formatHex(bytes));
    }
  }

  @Test
  void decode_range_decodesOnlyThoseBytesAndChecksTheRange() {
    byte[] bytes = {(byte) 0xFF, 'o', 'k', (byte) 0xFF};
    assertEquals(Optional.of("ok"), StrictUtf8.decode(bytes, 1, 2));
    assertTrue(StrictUtf8.decode(bytes, 0, 2).isEmpty());
    assertThrows(IndexOutOfBoundsException.class, () -> StrictUtf8.decode(bytes, 3, 2));
  }
}
