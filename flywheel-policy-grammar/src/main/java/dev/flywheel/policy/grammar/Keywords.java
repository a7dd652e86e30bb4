package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.grammar.internal.FlywheelTermsLexer;
import dev.flywheel.policy.grammar.internal.FlywheelTermsParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reserved words of the language, by token type, in grammar order. Used to recognise upper-cased keywords, to
 * suggest the keyword a mistyped word was meant to be, and to decide when a collective name must be quoted.
 *
 * <p>The vocabulary words (purposes, facts, quota periods) are read from the enums {@link Purpose}, {@link Fact} and
 * {@link QuotaPeriod}, their only definition: the grammar lexes them as {@code WORD}, and {@link #vocabularyType}
 * gives such a token its token type. Adding a constant to one of those enums is therefore all the parser needs.
 */
final class Keywords {
  private static final Pattern BARE_NAME = Pattern.compile("[a-z][a-z0-9_-]*");

  /** Token type to the words that lex as it, in grammar order. */
  private static final Map<Integer, List<String>> WORDS_BY_TOKEN = new LinkedHashMap<>();
  private static final Set<String> ALL = new LinkedHashSet<>();
  /** Vocabulary word (e.g. {@code train}, {@code train-only}, {@code no-train}, {@code day}) to its token type. */
  private static final Map<String, Integer> VOCABULARY_TYPES = new HashMap<>();
  /** The length of the longest vocabulary word, in characters (all are ASCII). */
  static final int LONGEST_VOCABULARY_WORD;
  /** The fixed keywords, which the lexer matches itself; a vocabulary word may not be one of them. */
  private static final Set<String> FIXED;

  static {
    add(FlywheelTermsLexer.ALLOW, "allow");
    add(FlywheelTermsLexer.DENY, "deny");
    add(FlywheelTermsLexer.IF, "if");
    add(FlywheelTermsLexer.AND, "and");
    add(FlywheelTermsLexer.UNTIL, "until");
    add(FlywheelTermsLexer.FROM, "from");
    add(FlywheelTermsLexer.PAY, "pay");
    add(FlywheelTermsLexer.COLLECTIVE, "collective");
    add(FlywheelTermsLexer.LIMIT, "limit");
    add(FlywheelTermsLexer.PER, "per");
    add(FlywheelTermsLexer.ITEM, "item");
    add(FlywheelTermsLexer.ATTRIBUTION, "attribution");
    FIXED = Set.copyOf(ALL);
    List<String> periods = new ArrayList<>();
    for (QuotaPeriod p : QuotaPeriod.values()) {
      periods.add(p.word());
    }
    add(FlywheelTermsParser.PERIOD, periods.toArray(String[]::new));
    List<String> facts = new ArrayList<>();
    for (Fact f : Fact.values()) {
      facts.add(f.word());
    }
    add(FlywheelTermsParser.FACT, facts.toArray(String[]::new));
    List<String> purposes = new ArrayList<>();
    List<String> only = new ArrayList<>();
    List<String> no = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      purposes.add(p.word());
      only.add(p.word() + "-only");
      no.add("no-" + p.word());
    }
    add(FlywheelTermsParser.PURPOSE, purposes.toArray(String[]::new));
    add(FlywheelTermsParser.ONLY_PURPOSE, only.toArray(String[]::new));
    add(FlywheelTermsParser.NO_PURPOSE, no.toArray(String[]::new));
    int longest = 0;
    for (String word : VOCABULARY_TYPES.keySet()) {
      longest = Math.max(longest, word.length());
    }
    LONGEST_VOCABULARY_WORD = longest;
  }

  private Keywords() {}

  private static void add(int tokenType, String... words) {
    WORDS_BY_TOKEN.put(tokenType, List.of(words));
    for (String word : words) {
      if (!ALL.add(word)) {
        // Two meanings for one word would make the parse depend on the order of this table.
        throw new IllegalStateException("the word '" + word + "' is defined twice in the terms language");
      }
      if (FIXED != null) {
        // A vocabulary word reaches the parser only if the lexer reads it as WORD: it must have the shape of a name
        // (not a date, number or currency, which the lexer matches first) and must not be a fixed keyword.
        if (!BARE_NAME.matcher(word).matches()) {
          throw new IllegalStateException("the vocabulary word '" + word + "' is not a lower-case word");
        }
        VOCABULARY_TYPES.put(word, tokenType);
      }
    }
  }

  /**
   * The token type of a vocabulary word ({@code PURPOSE}, {@code ONLY_PURPOSE}, {@code NO_PURPOSE}, {@code FACT} or
   * {@code PERIOD}) when {@code text} is exactly one, else {@code WORD}. Applied to every {@code WORD} token before
   * parsing.
   *
   * @param text the whole text of a {@code WORD} token
   */
  static int vocabularyType(String text) {
    Integer type = VOCABULARY_TYPES.get(text);
    return type == null ? FlywheelTermsLexer.WORD : type;
  }

  /** The words of a vocabulary enum, in declaration order, joined for a message: {@code day, week, month, year}. */
  static String listOf(int tokenType) {
    return String.join(", ", wordsOf(tokenType));
  }

  /** True when {@code word} is reserved (exactly, lower-case). */
  static boolean isKeyword(String word) {
    return ALL.contains(word);
  }

  /** The keyword {@code word} spells when lower-cased, if it is ASCII and differs from it only in case. */
  static String lowerCaseKeyword(String word) {
    if (!isAscii(word)) {
      return null;
    }
    String lower = word.toLowerCase(Locale.ROOT);
    return !lower.equals(word) && ALL.contains(lower) ? lower : null;
  }

  /** The words a token type stands for; empty for types that are not keywords. */
  static List<String> wordsOf(int tokenType) {
    return WORDS_BY_TOKEN.getOrDefault(tokenType, List.of());
  }

  /** True when {@code name} can be written without quotes: a lower-case identifier that is not a keyword. */
  static boolean isBareName(String name) {
    return BARE_NAME.matcher(name).matches() && !ALL.contains(name);
  }

  /** True when {@code name} matches the bare-name shape, keyword or not. */
  static boolean hasBareNameShape(String name) {
    return BARE_NAME.matcher(name).matches();
  }

  /**
   * The keyword closest to {@code word} (optimal string alignment distance at most 2, and less than the word's
   * length), preferring {@code expected} words; {@code null} when none is close.
   */
  static String suggest(String word, List<String> expected) {
    if (word.isEmpty() || !Character.isLetter(word.charAt(0))) {
      return null;
    }
    String fromExpected = closest(word, expected);
    return fromExpected != null ? fromExpected : closest(word, ALL);
  }

  private static String closest(String word, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = word.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int d = distance(lower, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return bestDistance <= 2 && bestDistance < word.length() ? best : null;
  }

  /** Edit distance with adjacent transpositions (optimal string alignment); inputs are short. */
  static int distance(String a, String b) {
    int n = a.length();
    int m = b.length();
    if (Math.abs(n - m) > 2) {
      return Math.abs(n - m);
    }
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[n][m];
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }
}
