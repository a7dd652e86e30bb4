package dev.flywheel.policy.interop;

/**
 * robots.txt path patterns (RFC 9309): a pattern matches a path that starts with it; {@code *} matches any run of
 * characters and a final {@code $} anchors the end. Used for {@code Content-Usage} path rules and TDMRep locations.
 */
final class RobotsPattern {
  private RobotsPattern() {}

  /** True when {@code pattern} matches {@code path}. Linear in practice; O(pattern x path) at worst. */
  static boolean matches(String pattern, String path) {
    boolean anchored = pattern.endsWith("$");
    String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
    int pi = 0;
    int si = 0;
    int starP = -1;
    int starS = 0;
    while (si < path.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        starP = pi++;
        starS = si;
      } else if (pi < p.length() && p.charAt(pi) == path.charAt(si)) {
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
}
