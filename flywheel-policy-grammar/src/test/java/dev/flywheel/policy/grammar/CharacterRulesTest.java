package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ibm.icu.text.Normalizer2;
import org.junit.jupiter.api.Test;

/** The character rules' shortcuts against the definitions they stand for. */
class CharacterRulesTest {

  /**
   * The definition: the single ASCII letter, digit or '-' that NFKC folds {@code cp} to, or null. ICU's data, as in
   * the rules (the JDK's is of an older Unicode version).
   */
  private static Character nfkcFolding(int cp) {
    String folded = Normalizer2.getNFKCInstance().normalize(new String(Character.toChars(cp)));
    if (folded.length() == 1) {
      char c = folded.charAt(0);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
        return c;
      }
    }
    return null;
  }

  @Test
  void nfkcAsciiFolding_everyNonAsciiCodePoint_sameAsNormalizingTheCharacter() {
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue; // not characters: a lone surrogate is invalid-unicode before any folding
      }
      assertEquals(nfkcFolding(cp), CharacterRules.nfkcAsciiFolding(cp), String.format("U+%04X", cp));
    }
  }
}
