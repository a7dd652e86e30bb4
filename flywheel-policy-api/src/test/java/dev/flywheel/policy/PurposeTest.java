package dev.flywheel.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PurposeTest {

  @Test
  void tree_matchesTheSpecifiedHierarchy() {
    assertNull(Purpose.ANY.parent());
    assertEquals(Purpose.ANY, Purpose.AI.parent());
    assertEquals(Purpose.AI, Purpose.TRAIN.parent());
    assertEquals(Purpose.TRAIN, Purpose.TRAIN_GENAI.parent());
    assertEquals(Purpose.AI, Purpose.EVAL.parent());
    assertEquals(Purpose.AI, Purpose.INPUT.parent());
    assertEquals(Purpose.ANY, Purpose.SEARCH.parent());
  }

  @Test
  void isWithin_followsAncestorsOnly() {
    assertTrue(Purpose.TRAIN_GENAI.isWithin(Purpose.ANY));
    assertTrue(Purpose.TRAIN_GENAI.isWithin(Purpose.TRAIN));
    assertTrue(Purpose.EVAL.isWithin(Purpose.EVAL));
    assertFalse(Purpose.TRAIN.isWithin(Purpose.TRAIN_GENAI));
    assertFalse(Purpose.SEARCH.isWithin(Purpose.AI));
    assertFalse(Purpose.EVAL.isWithin(Purpose.TRAIN));
  }

  @Test
  void depth_countsEdgesFromAny() {
    assertEquals(0, Purpose.ANY.depth());
    assertEquals(1, Purpose.SEARCH.depth());
    assertEquals(3, Purpose.TRAIN_GENAI.depth());
  }

  @Test
  void fromWord_isExactAndCaseSensitive() {
    assertEquals(Optional.of(Purpose.TRAIN_GENAI), Purpose.fromWord("train-genai"));
    assertEquals(Optional.empty(), Purpose.fromWord("TRAIN"));
    assertEquals(Optional.empty(), Purpose.fromWord("train-genai2"));
    for (Purpose p : Purpose.values()) {
      assertEquals(Optional.of(p), Purpose.fromWord(p.word()));
    }
  }
}
