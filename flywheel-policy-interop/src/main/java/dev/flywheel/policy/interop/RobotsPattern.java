package dev.flywheel.policy.interop;

import java.nio.charset.StandardCharsets;

/**
 * robots.txt path patterns (RFC 9309): a pattern matches a path that starts with it; {@code *} matches any run of
 * characters and a final {@code $} anchors the end. Used for robots.txt {@code Allow} / {@code Disallow} and
 * {@code Content-Usage} path rules, RSL {@code content url} and TDMRep locations.
 *
 * <p>Pattern and path are compared in one normal form (RFC 9309 section 2.2.2, RFC 3986 section 6.2.2): a
 * percent-encoded unreserved character is decoded ({@code %70} is {@code p}), every other percent-encoding keeps its
 * encoding with upper-case hex ({@code %2f} is {@code %2F}), and a character outside ASCII is percent-encoded as
 * UTF-8. So a rule for {@code /private/} covers {@code /%70rivate/x}, and {@code /café} and {@code /caf%C3%A9} are
 * one path. An encoded {@code /} stays distinct from a literal one, as RFC 3986 requires, so it can neither open nor
 * close a path segment. In a pattern {@code *} and a final {@code $} are special, so a literal one is written
 * {@code %2A} / {@code %24} (RFC 9309 section 2.2.3); in a path they are plain characters, compared in that encoded
 * form, so {@code /a-%2A} matches the path {@code /a-*}.
 */
final class RobotsPattern {
  private RobotsPattern() {}

  /** True when {@code pattern} matches {@code path}, both compared in normal form. Linear in the common case. */
  static boolean matches(String pattern, String path) {
    boolean anchored = pattern.endsWith("$");
    String p = normalise(anchored ? pattern.substring(0, pattern.length() - 1) : pattern);
    String s = normalisePath(path);
    int pi = 0;
    int si = 0;
    int starP = -1;
    int starS = 0;
    while (si < s.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        starP = pi++;
        starS = si;
      } else if (pi < p.length() && p.charAt(pi) == s.charAt(si)) {
        pi++;
        si++;
      } else if (pi == p.length() && !anchored) {
        return true; // the pattern is a prefix of the path
      } else if (starP >= 0) {
        pi = starP + 1;
        si = ++starS;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  /**
   * The length of {@code pattern} in normal form, in characters: the specificity that "longest match" rules compare,
   * so {@code /%70rivate/} and {@code /private/} are equally specific.
   */
  static int specificity(String pattern) {
    return normalise(pattern).length();
  }

  /** A path in normal form, its {@code *} and {@code $} encoded so that only a pattern's are special. */
  static String normalisePath(String path) {
    String normal = normalise(path);
    if (normal.indexOf('*') < 0 && normal.indexOf('$') < 0) {
      return normal;
    }
    return normal.replace("*", "%2A").replace("$", "%24");
  }

  /**
   * {@code text} in the normal form described on the class: unreserved characters decoded, other percent-encodings
   * with upper-case hex, non-ASCII characters percent-encoded as UTF-8. A {@code %} not followed by two hex digits is
   * itself encoded ({@code %25}), so it can match only the same malformed text. A lone surrogate becomes the UTF-8 of
   * U+FFFD. Linear in the length of {@code text}.
   */
  static String normalise(String text) {
    StringBuilder out = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean plain = c < 0x80 && c != '%';
      if (plain) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n + 16).append(text, 0, i);
      }
      if (c == '%') {
        int hi = i + 2 < n ? Character.digit(text.charAt(i + 1), 16) : -1;
        int lo = i + 2 < n ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0 || text.charAt(i + 1) >= 0x80 || text.charAt(i + 2) >= 0x80) {
          out.append("%25");
          continue;
        }
        int b = hi * 16 + lo;
        if (isUnreserved(b)) {
          out.append((char) b);
        } else {
          appendEncoded(out, b);
        }
        i += 2;
      } else {
        int cp = text.codePointAt(i);
        if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
          cp = 0xFFFD; // a lone surrogate has no UTF-8 form
        }
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          appendEncoded(out, b & 0xFF);
        }
        i += Character.charCount(cp) - 1;
      }
    }
    return out == null ? text : out.toString();
  }

  /** RFC 3986 section 2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
  private static boolean isUnreserved(int b) {
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
        || b == '-' || b == '.' || b == '_' || b == '~';
  }

  private static void appendEncoded(StringBuilder out, int b) {
    out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
  }
}
