package dev.flywheel.policy.interop;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W3C TDMRep: the {@code /.well-known/tdmrep.json} file, the {@code tdm-reservation} / {@code tdm-policy} HTTP
 * headers, the HTML meta tags of the same names, or the {@code tdm:reservation} / {@code tdm:policy} metadata of an
 * EPUB package document ({@link EpubPackage}).
 *
 * <p>Where one source states the reservation more than once (several header lines or meta tags), any
 * {@code tdm-reservation: 1} wins: a later {@code 0} or malformed value never takes a reservation back. In the JSON
 * file, the first rule whose location matches applies (TDMRep section 3.1: rules are listed from the most specific
 * to the least); a duplicate key or anything after the array makes the file an error, since which value was meant
 * cannot be known. A leading byte order mark is skipped.
 *
 * <p>{@code tdm-reservation: 1} reserves text and data mining, which covers every AI use of ours ({@code train},
 * {@code train-genai}, {@code eval}, {@code input}): it becomes {@code deny ai}. Search indexing is not text and
 * data mining, so {@code search} is left unsaid. {@code 0} reserves nothing: no clause (reported). A
 * {@code tdm-policy} (an ODRL offer to license the reserved rights) is not followed: the refusal stands and the
 * offer is reported.
 */
final class Tdmrep {
  private Tdmrep() {}

  /** Duplicate keys and trailing content are errors, not "the last one wins" or "ignored". */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final Pattern META = Pattern.compile("<meta\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE = Pattern.compile(
      "([a-zA-Z-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))");

  static ImportResult importAny(String input, ImportOptions options) {
    String trimmed = withoutByteOrderMark(input).strip();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      return importJson(input, options);
    }
    if (EpubPackage.looksLikePackage(trimmed)) {
      return EpubPackage.importPackage(input);
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
    int skipped = input.length() - withoutByteOrderMark(input).length();
    try {
      root = JSON.readTree(input.substring(skipped));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int index = skipped
          + (at == null || at.getCharOffset() < 0 ? 0 : (int) Math.min(at.getCharOffset(), input.length() - skipped));
      String message = String.valueOf(e.getOriginalMessage());
      String pointer = e.getProcessor() instanceof JsonParser parser
          ? parser.getParsingContext().pathAsPointer().toString() : "";
      if (message.startsWith("Duplicate field")) {
        report.atPointer(DiagnosticCode.DUPLICATE_KEY, pointer, source.span(index, index),
            "the TDMRep file repeats a key (" + message + "); which value was meant cannot be known",
            "write each key once per rule");
      } else if (message.startsWith("Trailing token")) {
        report.atPointer(DiagnosticCode.TRAILING_CONTENT, "", source.span(index, index),
            "the TDMRep file has content after its array; a file holds one array of rules",
            "put every rule in the one array");
      } else {
        report.atPointer(DiagnosticCode.INVALID_JSON, "", source.span(index, index),
            "the TDMRep file is not well-formed JSON: " + message, null);
      }
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    if (root == null || !root.isArray()) {
      report.atPointer(DiagnosticCode.MALFORMED_INPUT, "", null,
          "the TDMRep file must be a JSON array of rules", "write [{\"location\": \"/\", \"tdm-reservation\": 1}]");
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    // TDMRep section 3.1: the rules are listed from the most specific to the least, so the first match applies.
    int best = -1;
    for (int i = 0; i < root.size() && best < 0; i++) {
      JsonNode rule = root.get(i);
      JsonNode location = rule.get("location");
      if (location == null || !location.isTextual()) {
        report.atPointer(DiagnosticCode.MALFORMED_SIGNAL, "/" + i + "/location", null,
            "rule " + i + " has no location string; it is ignored", null);
        continue;
      }
      if (RobotsPattern.matches(location.asText(), options.path())) {
        best = i;
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
    Statement stated = null;
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
        Statement next = new Statement(v, parseReservation(v), line);
        if (stated != null) {
          report.at(DiagnosticCode.DUPLICATE_LABEL, line[0], line[1], "tdm-reservation is stated again; "
              + "a reservation (1) stated anywhere stands", null);
        }
        stated = Statement.strongest(stated, next);
      } else if (name.equals("tdm-policy")) {
        policy = true;
      }
    }
    return finishSimple(report, stated, policy);
  }

  static ImportResult importHtml(String input) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    Statement stated = null;
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
        Statement next = new Statement(content, parseReservation(content), new int[] {meta.start(), meta.end()});
        if (stated != null) {
          report.at(DiagnosticCode.DUPLICATE_LABEL, meta.start(), meta.end(), "tdm-reservation is stated again; "
              + "a reservation (1) stated anywhere stands", null);
        }
        stated = Statement.strongest(stated, next);
      } else if ("tdm-policy".equals(name)) {
        policy = true;
      }
    }
    return finishSimple(report, stated, policy);
  }

  /**
   * One {@code tdm-reservation} statement.
   *
   * @param raw the value as written
   * @param value 0 or 1, or null when the value is neither
   * @param where the UTF-16 range of the statement in the source
   */
  record Statement(String raw, Integer value, int[] where) {
    /** The one that reserves the most: a 1 over a 0 over a malformed value; the first on ties. */
    static Statement strongest(Statement first, Statement second) {
      if (first == null) {
        return second;
      }
      return rank(second) > rank(first) ? second : first;
    }

    private static int rank(Statement s) {
      return s.value == null ? 0 : s.value == 1 ? 2 : 1;
    }
  }

  static ImportResult finishSimple(Report report, Statement stated, boolean policy) {
    Preferences prefs = new Preferences();
    if (stated == null) {
      report.general(DiagnosticCode.NO_PREFERENCE, "no tdm-reservation found", null);
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    String raw = stated.raw();
    Integer value = stated.value();
    int[] where = stated.where();
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

  static String withoutByteOrderMark(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  static Integer parseReservation(String v) {
    return switch (v) {
      case "1" -> 1;
      case "0" -> 0;
      default -> null;
    };
  }
}
