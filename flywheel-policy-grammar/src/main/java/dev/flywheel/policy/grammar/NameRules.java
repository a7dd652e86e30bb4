package dev.flywheel.policy.grammar;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UnicodeSet;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.terms.TermsLimits;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules every collective name must follow, wherever it is written: in terms ({@code pay collective "..."}) and
 * in records ({@code collectives}, a statement's {@code collective}). A name names a payee, so two names that look
 * alike must be the same name; these rules make sure a name cannot look like another one that is written in ASCII.
 *
 * <p>The rules, checked cheapest first (docs/LANGUAGE.md, section 3, "Collective names", states them for authors):
 * <ol>
 *   <li>1 to {@code maxLength} code points, counted before any other work;
 *   <li>no control, bidirectional, invisible or non-Unicode character;
 *   <li>the only space is U+0020, never first, last or doubled (no tab, no-break, figure or narrow space);
 *   <li>Unicode normal form C, and stable under NFKC: no fullwidth, mathematical or other compatibility forms;
 *   <li>UTS #39 through ICU's {@link SpoofChecker}: every character in the identifier profile (Identifier_Status
 *       Allowed, plus the letters of living Limited_Use scripts such as N'Ko, Adlam, Tifinagh and Vai, plus printable
 *       ASCII); the whole name at most moderately restrictive (Latin may be combined with one other script, never
 *       Cyrillic or Greek); each word highly restrictive (one script, or Latin with Han, Kana or Hangul); no mixed
 *       digit systems; no hidden overlay of combining marks;
 *   <li>no word that is not ASCII but whose UTS #39 skeleton is: such a word looks like an ASCII word
 *       ({@code mаsakhane} with a Cyrillic {@code а}, Armenian {@code օ}, Latin alpha {@code ɑ}, {@code Æ} for
 *       {@code AE}).
 * </ol>
 * A name of printable ASCII only needs rules 1 and 3, and never reaches ICU: the common case stays cheap.
 *
 * <p>Thread-safe; its only state is a bounded set of non-ASCII names already found good, which makes a repeated name
 * cheap. Never throws for any name (a null name is a {@link NullPointerException}). The work is linear in the name
 * and bounded by {@code maxLength}: the length is checked first.
 */
public final class NameRules {

  /** Characters a name may hold: the identifier profile, described above; built once. */
  private static final UnicodeSet ALLOWED = new UnicodeSet()
      .addAll(SpoofChecker.RECOMMENDED)
      .addAll(SpoofChecker.INCLUSION)
      // Scripts UTS #39 marks Limited_Use are the everyday writing of living communities (N'Ko, Adlam, Tifinagh,
      // Vai, Cherokee, ...); their collectives must be able to write their names. Only characters whose sole
      // identifier type is Limited_Use are added: not their technical, obsolete or uncommon characters.
      .addAll(new UnicodeSet("[[:Identifier_Type=Limited_Use:]-[:Identifier_Type=Technical:]"
          + "-[:Identifier_Type=Obsolete:]-[:Identifier_Type=Not_XID:]-[:Identifier_Type=Uncommon_Use:]"
          + "-[:Identifier_Type=Exclusion:]]"))
      .add(0x20, 0x7E)
      // The profile's invisible joiners and the typographic hyphen, apostrophe and hyphenation point look like
      // nothing or like ASCII punctuation.
      .remove(0x200C, 0x200D)
      .remove(0x2010)
      .remove(0x2019)
      .remove(0x2027)
      .freeze();

  private static final int NAME_CHECKS = SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.CHAR_LIMIT
      | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS | SpoofChecker.HIDDEN_OVERLAY;

  /** The whole name: Latin with one other script is a real need ("Lanfrica हिन्दी"); Latin with Cyrillic is not. */
  private static final SpoofChecker WHOLE_NAME = new SpoofChecker.Builder()
      .setChecks(NAME_CHECKS)
      .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
      .setAllowedChars(ALLOWED)
      .build();

  /** Each word: one script (Han, Kana and Hangul with Latin as UTS #39 allows), so no word mixes look-alikes. */
  private static final SpoofChecker ONE_WORD = new SpoofChecker.Builder()
      .setChecks(SpoofChecker.RESTRICTION_LEVEL)
      .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
      .setAllowedChars(ALLOWED)
      .build();

  /**
   * Non-ASCII names that passed every rule but the length (which {@link #check(String, int)} checks before looking
   * here). ICU's checks cost tens of microseconds for a name, and a dataset repeats its few collective names in
   * millions of records. Bounded: emptied when it reaches {@link #KNOWN_GOOD_MAX} names, at most 128 code points each
   * in practice, so it holds at most a few hundred kilobytes. Only good names are kept: a flood of distinct bad
   * names cannot grow it.
   */
  private static final Map<String, Boolean> KNOWN_GOOD = new ConcurrentHashMap<>();

  static final int KNOWN_GOOD_MAX = 1024;

  private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
  private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

  private NameRules() {}

  /**
   * The problems of {@code name} as a collective name of at most {@link TermsLimits#DEFAULT_MAX_NAME_LENGTH} code
   * points; see {@link #check(String, int)}.
   */
  public static List<Diagnostic> check(String name) {
    return check(name, TermsLimits.DEFAULT_MAX_NAME_LENGTH);
  }

  /**
   * The problems of {@code name} as a collective name of at most {@code maxLength} code points: empty when it is a
   * valid name, otherwise one error diagnostic (the first rule it breaks) with neither span nor pointer; the caller
   * places it. Messages quote at most the first few dozen characters of the name, with unsafe characters replaced.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code maxLength} is below 1 (a caller's mistake, never the name's)
   */
  public static List<Diagnostic> check(String name, int maxLength) {
    Objects.requireNonNull(name, "name");
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
    }
    Diagnostic problem = firstProblem(name, maxLength);
    return problem == null ? List.of() : List.of(problem);
  }

  private static Diagnostic firstProblem(String name, int maxLength) {
    if (name.isEmpty()) {
      return Diagnostic.of(DiagnosticCode.INVALID_NAME, "a collective name cannot be empty");
    }
    // A code point is at most two chars: only names between maxLength and 2 * maxLength chars need counting.
    if (name.length() > maxLength
        && (name.length() > 2L * maxLength || name.codePointCount(0, name.length()) > maxLength)) {
      return Diagnostic.of(DiagnosticCode.NAME_TOO_LONG, "collective name '" + excerpt(name)
          + "' is longer than the limit of " + maxLength + " characters");
    }
    boolean ascii = true;
    int previous = -1;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      if (cp > ' ' && cp <= 0x7E) { // printable ASCII other than the space: nothing to check here
        previous = cp;
        continue;
      }
      ascii &= cp <= 0x7E;
      DiagnosticCode hidden = cp == '\t' || cp == '\n' || cp == '\r'
          ? DiagnosticCode.CONTROL_CHARACTER
          : CharacterRules.insideName(cp);
      if (hidden != null) {
        return Diagnostic.of(hidden, "collective name '" + excerpt(name) + "' holds the character "
            + CharacterRules.describe(cp)).withHelp("remove it: names may not hold characters that are invisible "
            + "or reorder text");
      }
      if (cp != ' ' && (Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
        return Diagnostic.of(DiagnosticCode.INVALID_NAME, "collective name '" + excerpt(name) + "' holds the space "
            + CharacterRules.describe(cp)).withHelp("separate words with one ordinary space (U+0020)");
      }
      if (cp == ' ' && (previous == -1 || previous == ' ' || i == name.length())) {
        return Diagnostic.of(DiagnosticCode.INVALID_NAME, "collective name '" + excerpt(name)
                + "' starts or ends with a space, or has two in a row")
            .withHelp("separate words with exactly one space, with none at the start or end");
      }
      previous = cp;
    }
    if (ascii || KNOWN_GOOD.containsKey(name)) {
      return null;
    }
    Diagnostic problem = nonAsciiProblem(name);
    if (problem == null && name.length() <= 2 * TermsLimits.DEFAULT_MAX_NAME_LENGTH) {
      if (KNOWN_GOOD.size() >= KNOWN_GOOD_MAX) {
        KNOWN_GOOD.clear();
      }
      KNOWN_GOOD.put(name, Boolean.TRUE);
    }
    return problem;
  }

  /** Rules 4 to 6, for a name that holds a character outside printable ASCII. */
  private static Diagnostic nonAsciiProblem(String name) {
    if (!NFC.isNormalized(name)) {
      return Diagnostic.of(DiagnosticCode.INVALID_NAME, "collective name '" + excerpt(name)
          + "' is not in Unicode normal form C").withHelp("write it as '" + excerpt(NFC.normalize(name)) + "'");
    }
    if (!NFKC.isNormalized(name)) {
      int cp = firstNotNfkc(name);
      return Diagnostic.of(DiagnosticCode.CONFUSABLE_CHARACTER, "collective name '" + excerpt(name) + "' holds the character "
              + CharacterRules.describe(cp) + ", a compatibility form of '" + NFKC.normalize(
                  new String(Character.toChars(cp))) + "'")
          .withHelp("write the ordinary character: '" + excerpt(NFKC.normalize(name)) + "'");
    }
    SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
    if (WHOLE_NAME.failsChecks(name, result)) {
      return spoofProblem(name, name, result.checks);
    }
    for (String word : name.split(" ")) {
      if (!isAscii(word)) {
        if (ONE_WORD.failsChecks(word, result)) {
          return spoofProblem(name, word, result.checks);
        }
        String skeleton = WHOLE_NAME.getSkeleton(word);
        if (isAscii(skeleton)) {
          return Diagnostic.of(DiagnosticCode.INVALID_NAME, "collective name '" + excerpt(name)
                  + "' has the word '" + excerpt(word) + "', which looks like the ASCII '" + excerpt(skeleton) + "'")
              .withHelp("write the name in ASCII, or in letters that do not imitate ASCII ones");
        }
      }
    }
    return null;
  }

  private static Diagnostic spoofProblem(String name, String part, int checks) {
    if ((checks & SpoofChecker.CHAR_LIMIT) != 0) {
      int bad = firstOutside(part);
      return Diagnostic.of(DiagnosticCode.INVALID_NAME, "collective name '" + excerpt(name) + "' holds the character "
              + CharacterRules.describe(bad) + ", which is not a letter, digit or mark used in names")
          .withHelp("use letters, digits, spaces and ASCII punctuation");
    }
    if ((checks & SpoofChecker.MIXED_NUMBERS) != 0) {
      return Diagnostic.of(DiagnosticCode.INVALID_NAME, "collective name '" + excerpt(name)
          + "' mixes digits of different systems").withHelp("write every digit of the name in one system");
    }
    if ((checks & SpoofChecker.RESTRICTION_LEVEL) != 0) {
      String where = part.equals(name) ? "" : " in the word '" + excerpt(part) + "'";
      return Diagnostic.of(DiagnosticCode.INVALID_NAME, "collective name '" + excerpt(name)
              + "' mixes scripts" + where + " in a way that can imitate another name")
          .withHelp("write each word in one script; Latin may be combined with one other script, except "
              + "Cyrillic or Greek");
    }
    return Diagnostic.of(DiagnosticCode.INVALID_NAME, "collective name '" + excerpt(name)
        + "' has combining marks that hide or repeat each other").withHelp("write each mark once");
  }

  private static int firstNotNfkc(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!NFKC.isNormalized(new String(Character.toChars(cp)))) {
        return cp;
      }
      i += Character.charCount(cp);
    }
    return s.codePointAt(NFKC.spanQuickCheckYes(s));
  }

  private static int firstOutside(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!ALLOWED.contains(cp)) {
        return cp;
      }
      i += Character.charCount(cp);
    }
    return s.codePointAt(0);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** Most code points of a name or word a message quotes. */
  static final int EXCERPT_LENGTH = 32;

  /**
   * At most {@link #EXCERPT_LENGTH} code points of {@code text}, then "…" if there were more, with characters that
   * would disturb a terminal replaced by '?': messages stay small whatever the input, so a diagnostic never holds a
   * copy of a long input.
   */
  static String excerpt(String text) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), EXCERPT_LENGTH * 2) + 1);
    int count = 0;
    for (int i = 0; i < text.length(); count++) {
      if (count == EXCERPT_LENGTH) {
        return sb.append('…').toString();
      }
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      sb.appendCodePoint(CharacterRules.insideName(cp) == null && cp != '\n' && cp != '\r' ? cp : '?');
    }
    return sb.toString();
  }
}
