package dev.flywheel.policy.grammar;

import dev.flywheel.policy.DiagnosticCode;
import com.ibm.icu.text.Normalizer2;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which code points may appear in terms. Outside quoted names the language is ASCII; inside them, letters of any
 * script, but never a character that hides or reorders text (the "Trojan Source" family) or is not Unicode at all.
 */
final class CharacterRules {

  /** Non-ASCII letters that render like an ASCII letter and that NFKC does not fold (Cyrillic, Greek, Latin). */
  private static final Map<Integer, Character> LOOKALIKES = new HashMap<>();

  static {
    lookalikes("аa еe кk оo рp сc уy хx ѕs іi јj ԁd ԛq ԝw һh ӏl үy");
    lookalikes("АA ВB ЕE КK МM НH ОO РP СC ТT ХX ЅS ІI ЈJ ҮY");
    lookalikes("αa οo νv ιi κk ρp υu ϲc ϳj ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX");
    lookalikes("ıi ȷj ‐- ‑- ‒- –- —- −- ˗-");
  }

  private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

  private CharacterRules() {}

  private static void lookalikes(String pairs) {
    for (String pair : pairs.trim().split("\\s+")) {
      if (pair.codePointCount(0, pair.length()) == 2) {
        LOOKALIKES.put(pair.codePointAt(0), pair.charAt(pair.length() - 1));
      }
    }
  }

  /**
   * The problem with {@code cp} outside a quoted name, or {@code null} if it is fine at the character level. ASCII
   * printable characters and tab/CR/LF are always fine here: whether they make sense is the parser's business.
   */
  static DiagnosticCode outsideName(int cp) {
    DiagnosticCode hidden = hiddenOrBroken(cp);
    if (hidden != null) {
      return hidden;
    }
    if (cp > 0x7F) {
      return asciiLookalike(cp) != null ? DiagnosticCode.CONFUSABLE_CHARACTER : DiagnosticCode.NON_ASCII_CHARACTER;
    }
    return null;
  }

  /** The problem with {@code cp} inside a quoted name, or {@code null}. Letters of every script are fine there. */
  static DiagnosticCode insideName(int cp) {
    if (cp == '\t') {
      return DiagnosticCode.CONTROL_CHARACTER;
    }
    return hiddenOrBroken(cp);
  }

  /** The problem with {@code cp} inside a comment, or {@code null}: letters of every script and tab are fine. */
  static DiagnosticCode inComment(int cp) {
    return hiddenOrBroken(cp);
  }

  /** Invalid Unicode, controls, bidi controls and invisible characters: never allowed anywhere. */
  private static DiagnosticCode hiddenOrBroken(int cp) {
    if (cp > Character.MAX_CODE_POINT || (cp <= 0xFFFF && Character.isSurrogate((char) cp)) || isNoncharacter(cp)) {
      return DiagnosticCode.INVALID_UNICODE;
    }
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F)) {
      return DiagnosticCode.CONTROL_CHARACTER;
    }
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F
        || cp == 0x061C) {
      return DiagnosticCode.BIDI_CONTROL;
    }
    if (isInvisible(cp)) {
      return DiagnosticCode.INVISIBLE_CHARACTER;
    }
    return null;
  }

  private static boolean isNoncharacter(int cp) {
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
  }

  private static boolean isInvisible(int cp) {
    if (cp == 0x00AD || cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
        || cp == 0x180E || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2028 || cp == 0x2029) {
      return true;
    }
    if ((cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF
        || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE0FFF)) {
      return true;
    }
    // Any other format character (Cf) changes rendering without showing itself.
    return Character.getType(cp) == Character.FORMAT;
  }

  /** The ASCII character {@code cp} is easily mistaken for, or {@code null}. */
  static Character asciiLookalike(int cp) {
    Character known = LOOKALIKES.get(cp);
    return known != null ? known : nfkcAsciiFolding(cp);
  }

  /** The ASCII letter, digit or '-' that NFKC folds {@code cp} to alone, or {@code null}. */
  static Character nfkcAsciiFolding(int cp) {
    // Fullwidth forms, mathematical letters and the like fold to ASCII under compatibility normalisation. The
    // compatibility decomposition says so without normalising a string: when it is one ASCII character, NFKC gives
    // that character too (ASCII never composes); most characters have none (null) and need no string at all.
    String folded = NFKC.getDecomposition(cp);
    if (folded == null) {
      return null;
    }
    if (folded.length() == 1) {
      char c = folded.charAt(0);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
        return c;
      }
    }
    return null;
  }

  /** {@code word} with every look-alike replaced by its ASCII character and lower-cased. */
  static String foldLookalikes(String word) {
    StringBuilder sb = new StringBuilder(word.length());
    word.codePoints().forEach(cp -> {
      Character ascii = cp > 0x7F ? asciiLookalike(cp) : Character.valueOf((char) cp);
      if (ascii != null) {
        sb.append(ascii.charValue());
      }
    });
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  /** "'е' (U+0435 CYRILLIC SMALL LETTER IE)", printing invisible characters only by their number and name. */
  static String describe(int cp) {
    String name = Character.getName(cp);
    String number = String.format(Locale.ROOT, "U+%04X", cp);
    boolean printable = outsideName(cp) == null || outsideName(cp) == DiagnosticCode.CONFUSABLE_CHARACTER
        || outsideName(cp) == DiagnosticCode.NON_ASCII_CHARACTER;
    String shown = printable && !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)
        ? "'" + new String(Character.toChars(cp)) + "' "
        : "";
    return shown + "(" + number + (name == null ? "" : " " + name) + ")";
  }
}
