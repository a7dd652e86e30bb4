package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cloudflare Content Signals: {@code search}, {@code ai-input}, {@code ai-train} with {@code yes} / {@code no}. An
 * absent key neither grants nor restricts; any other key (such as {@code use=}) is kept out and reported. The format
 * does not say what a repeated key means: a {@code no} among the repeats wins (a refusal is never undone by a later
 * {@code yes}), else the last one does (a later value that is not understood leaves the key unknown).
 */
final class ContentSignal {
  private ContentSignal() {}

  static final Map<String, Purpose> KEYS =
      Map.of("search", Purpose.SEARCH, "ai-input", Purpose.INPUT, "ai-train", Purpose.TRAIN);

  /** Parses the value in the UTF-16 range [start, end) of {@code input}: {@code key=value} pairs, comma-separated. */
  static Preferences parse(Report report, String input, int start, int end) {
    Map<String, Optional<Preference>> lastByKey = new LinkedHashMap<>();
    int pairStart = start;
    for (int i = start; i <= end; i++) {
      if (i < end && input.charAt(i) != ',') {
        continue;
      }
      int s = pairStart;
      int e = i;
      pairStart = i + 1;
      while (s < e && Character.isWhitespace(input.charAt(s))) {
        s++;
      }
      while (e > s && Character.isWhitespace(input.charAt(e - 1))) {
        e--;
      }
      if (s == e) {
        continue;
      }
      String pair = input.substring(s, e);
      int eq = pair.indexOf('=');
      if (eq < 0) {
        report.at(DiagnosticCode.MALFORMED_SIGNAL, s, e,
            "'" + pair + "' is not a key=value pair; it is ignored", "write for example ai-train=no");
        continue;
      }
      String key = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = pair.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
      int keyEnd = s + eq;
      boolean refused = lastByKey.getOrDefault(key, Optional.empty()).filter(p -> !p.allowed()).isPresent();
      if (lastByKey.containsKey(key)) {
        report.at(DiagnosticCode.DUPLICATE_LABEL, s, keyEnd,
            "'" + key + "' appears again; " + (refused ? "the earlier 'no' stands" : "the last one wins"), null);
      }
      if (refused) {
        continue;
      }
      Purpose purpose = KEYS.get(key);
      if (purpose == null) {
        report.at(DiagnosticCode.UNKNOWN_LABEL, s, e,
            "'" + key + "' is not a Content Signals key (search, ai-input, ai-train); kept out as an unknown "
                + "extension",
            null);
        lastByKey.put(key, Optional.empty());
        continue;
      }
      if (value.equals("yes") || value.equals("no")) {
        lastByKey.put(key, Optional.of(value.equals("yes") ? Preference.ALLOW : Preference.DENY));
      } else {
        report.at(DiagnosticCode.MALFORMED_SIGNAL, s, e,
            "the value of '" + key + "' is not yes or no, so it is unknown", "write " + key + "=yes or " + key
                + "=no");
        lastByKey.put(key, Optional.empty());
      }
    }
    Preferences prefs = new Preferences();
    lastByKey.forEach((key, pref) -> pref.ifPresent(p -> prefs.require(KEYS.get(key), p)));
    return prefs;
  }
}
