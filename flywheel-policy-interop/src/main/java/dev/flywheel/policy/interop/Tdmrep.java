package dev.flywheel.policy.interop;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W3C TDMRep: the {@code /.well-known/tdmrep.json} file, the {@code tdm-reservation} / {@code tdm-policy} HTTP
 * headers, or the HTML meta tags of the same names.
 *
 * <p>{@code tdm-reservation: 1} reserves text and data mining, which covers every AI use of ours ({@code train},
 * {@code train-genai}, {@code eval}, {@code input}): it becomes {@code deny ai}. Search indexing is not text and
 * data mining, so {@code search} is left unsaid. {@code 0} reserves nothing: no clause (reported). A
 * {@code tdm-policy} (an ODRL offer to license the reserved rights) is not followed: the refusal stands and the
 * offer is reported.
 */
final class Tdmrep {
  private Tdmrep() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern META = Pattern.compile("<meta\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE = Pattern.compile(
      "([a-zA-Z-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))");

  static ImportResult importAny(String input, ImportOptions options) {
    String trimmed = input.strip();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      return importJson(input, options);
    }
    if (trimmed.startsWith("<") || trimmed.toLowerCase(Locale.ROOT).contains("<meta")) {
      return importHtml(input);
    }
    return importHeaders(input);
  }

  static ImportResult importJson(String input, ImportOptions options) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    JsonNode root;
    try {
      root = JSON.readTree(input);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int index = at == null || at.getCharOffset() < 0 ? 0 : (int) Math.min(at.getCharOffset(), input.length());
      report.atPointer(DiagnosticCode.INVALID_JSON, "", source.span(index, index),
          "the TDMRep file is not well-formed JSON: " + e.getOriginalMessage(), null);
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    if (root == null || !root.isArray()) {
      report.atPointer(DiagnosticCode.MALFORMED_INPUT, "", null,
          "the TDMRep file must be a JSON array of rules", "write [{\"location\": \"/\", \"tdm-reservation\": 1}]");
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    // The most specific matching location wins; among equally specific ones, the first.
    int best = -1;
    int bestLength = -1;
    for (int i = 0; i < root.size(); i++) {
      JsonNode rule = root.get(i);
      JsonNode location = rule.get("location");
      if (location == null || !location.isTextual()) {
        report.atPointer(DiagnosticCode.MALFORMED_SIGNAL, "/" + i + "/location", null,
            "rule " + i + " has no location string; it is ignored", null);
        continue;
      }
      String pattern = location.asText();
      if (RobotsPattern.matches(pattern, options.path()) && pattern.length() > bestLength) {
        best = i;
        bestLength = pattern.length();
      }
    }
    Preferences prefs = new Preferences();
    if (best < 0) {
      return Aipref.finish(report, prefs);
    }
    JsonNode rule = root.get(best);
    String pointer = "/" + best;
    JsonNode reservation = rule.get("tdm-reservation");
    Integer value = reservation != null && reservation.isInt() ? reservation.intValue() : null;
    apply(report, prefs, value, reservation == null ? null : reservation.toString(), pointer + "/tdm-reservation");
    JsonNode policy = rule.get("tdm-policy");
    if (policy != null && value != null && value == 1) {
      report.atPointer(DiagnosticCode.NO_EQUIVALENT, pointer + "/tdm-policy", null,
          "the tdm-policy offer " + policy + " is not followed; the reservation stands", null);
    }
    return Aipref.finish(report, prefs);
  }

  static ImportResult importHeaders(String input) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    Integer value = null;
    String raw = null;
    int[] where = null;
    boolean policy = false;
    for (int[] line : Lines.split(input)) {
      String text = input.substring(line[0], line[1]);
      int colon = text.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String v = text.substring(colon + 1).strip();
      if (name.equals("tdm-reservation")) {
        raw = v;
        value = parseReservation(v);
        where = line;
      } else if (name.equals("tdm-policy")) {
        policy = true;
      }
    }
    return finishSimple(report, value, raw, where, policy);
  }

  static ImportResult importHtml(String input) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    Integer value = null;
    String raw = null;
    int[] where = null;
    boolean policy = false;
    Matcher meta = META.matcher(input);
    while (meta.find()) {
      String name = null;
      String content = null;
      Matcher attr = ATTRIBUTE.matcher(meta.group());
      while (attr.find()) {
        String v = attr.group(2) != null ? attr.group(2) : attr.group(3) != null ? attr.group(3) : attr.group(4);
        switch (attr.group(1).toLowerCase(Locale.ROOT)) {
          case "name" -> name = v.strip().toLowerCase(Locale.ROOT);
          case "content" -> content = v.strip();
          default -> { }
        }
      }
      if ("tdm-reservation".equals(name) && content != null) {
        raw = content;
        value = parseReservation(content);
        where = new int[] {meta.start(), meta.end()};
      } else if ("tdm-policy".equals(name)) {
        policy = true;
      }
    }
    return finishSimple(report, value, raw, where, policy);
  }

  private static ImportResult finishSimple(Report report, Integer value, String raw, int[] where, boolean policy) {
    Preferences prefs = new Preferences();
    if (raw == null) {
      report.general(DiagnosticCode.NO_PREFERENCE, "no tdm-reservation found", null);
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    if (value == null) {
      report.at(DiagnosticCode.MALFORMED_SIGNAL, where[0], where[1],
          "tdm-reservation '" + raw + "' is neither 0 nor 1; it is treated as unset", null);
    } else if (value == 1) {
      prefs.put(Purpose.AI, Preference.DENY);
      if (policy) {
        report.at(DiagnosticCode.NO_EQUIVALENT, where[0], where[1],
            "the tdm-policy offer is not followed; the reservation stands", null);
      }
    } else {
      report.at(DiagnosticCode.NO_EQUIVALENT, where[0], where[1],
          "tdm-reservation 0 reserves nothing; our terms have no clause for that", null);
    }
    return Aipref.finish(report, prefs);
  }

  private static void apply(Report report, Preferences prefs, Integer value, String raw, String pointer) {
    if (value == null || (value != 0 && value != 1)) {
      report.atPointer(DiagnosticCode.MALFORMED_SIGNAL, pointer, null,
          "tdm-reservation " + (raw == null ? "is missing" : raw + " is neither 0 nor 1") + "; it is treated as unset",
          null);
    } else if (value == 1) {
      prefs.put(Purpose.AI, Preference.DENY);
    } else {
      report.atPointer(DiagnosticCode.NO_EQUIVALENT, pointer, null,
          "tdm-reservation 0 reserves nothing; our terms have no clause for that", null);
    }
  }

  private static Integer parseReservation(String v) {
    return switch (v) {
      case "1" -> 1;
      case "0" -> 0;
      default -> null;
    };
  }
}
