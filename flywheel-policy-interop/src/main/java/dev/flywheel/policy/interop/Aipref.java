package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parameters;
import org.greenbytes.http.sfv.Parser;
import org.greenbytes.http.sfv.StringItem;
import org.greenbytes.http.sfv.TokenItem;

/**
 * IETF AIPREF {@code Content-Usage} (draft-ietf-aipref-vocab -07, draft-ietf-aipref-attach), with CC signals 0.1.
 *
 * <p>The value is an RFC 9651 Dictionary, parsed by the Structured Fields library. Processing follows the drafts:
 * an unknown label is ignored, the last of duplicate keys wins, a value that is not the token {@code y} or {@code n}
 * (or a Dictionary that fails to parse) means unknown, parameters are ignored. Each of these is reported. The one
 * exception to "parameters are ignored" is the CC signals {@code exceptions} parameter, which turns a refusal into an
 * allow under conditions.
 */
final class Aipref {
  private Aipref() {}

  /** Labels of draft -07 and the purposes they map to. */
  static final Map<String, Purpose> LABELS = Map.of("train-ai", Purpose.TRAIN_GENAI, "search", Purpose.SEARCH);

  /** Labels of earlier drafts and side proposals: unknown to -07, reported with a hint. */
  static final Set<String> OLD_LABELS = Set.of("ai-use", "train-genai", "bots", "infer-user", "infer-system");

  /** Labels CC signals 0.1 attach their {@code exceptions} to, and the purposes they cover. */
  static final Map<String, Purpose> CC_LABELS = Map.of(
      "ai-use", Purpose.AI, "train-genai", Purpose.TRAIN_GENAI, "train-ai", Purpose.TRAIN_GENAI,
      "search", Purpose.SEARCH);

  /**
   * Imports a {@code Content-Usage} value, or several lines each a value or a {@code Content-Usage:} header line.
   * Each line is one statement; statements combine per purpose (any refusal wins).
   */
  static ImportResult importValue(String input, ImportOptions options) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    List<int[]> lines = new ArrayList<>();
    for (int[] line : Lines.split(input)) {
      if (!input.substring(line[0], line[1]).isBlank()) {
        lines.add(line);
      }
    }
    Preferences all = new Preferences();
    int failures = 0;
    for (int[] line : lines) {
      int start = line[0];
      String text = input.substring(start, line[1]);
      int colon = text.indexOf(':');
      if (colon > 0 && text.substring(0, colon).strip().equalsIgnoreCase("content-usage")) {
        start += colon + 1;
      }
      Optional<Preferences> prefs =
          parse(report, input, start, line[1], options, lines.size() == 1 ? DiagnosticCode.MALFORMED_INPUT
              : DiagnosticCode.MALFORMED_SIGNAL);
      if (prefs.isPresent()) {
        all.combineAll(prefs.get());
      } else {
        failures++;
      }
    }
    if (lines.isEmpty()) {
      report.general(DiagnosticCode.MALFORMED_INPUT, "the Content-Usage value is empty", null);
    }
    if (report.hasErrors() || failures == lines.size()) {
      return new ImportResult(Optional.empty(), withErrorIfNone(report, failures > 0));
    }
    return finish(report, all);
  }

  private static List<dev.flywheel.policy.Diagnostic> withErrorIfNone(Report report, boolean malformed) {
    if (!report.hasErrors() && malformed) {
      report.general(DiagnosticCode.MALFORMED_INPUT, "no Content-Usage statement could be parsed", null);
    }
    return report.diagnostics();
  }

  /** The result for gathered preferences: the policy, or none with a {@code no-preference} warning. */
  static ImportResult finish(Report report, Preferences prefs) {
    if (report.hasErrors()) {
      // Fail closed: never terms together with an error (for example a report over its cap).
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    Optional<Policy> policy = prefs.toPolicy();
    if (policy.isEmpty()) {
      report.general(DiagnosticCode.NO_PREFERENCE,
          "the signal states no usable preference, so there are no terms: every purpose is left to the default",
          null);
    } else {
      List<String> unknown = new ArrayList<>();
      for (Purpose p : List.of(Purpose.TRAIN, Purpose.TRAIN_GENAI, Purpose.EVAL, Purpose.INPUT, Purpose.SEARCH)) {
        if (TermsEvaluator.decide(policy.get(), p, Set.of(), java.time.Instant.EPOCH).outcome()
            == TermsEvaluator.Outcome.NONE) {
          unknown.add(p.word());
        }
      }
      if (!unknown.isEmpty()) {
        report.general(DiagnosticCode.UNKNOWN_CATEGORY,
            "the signal leaves " + String.join(", ", unknown)
                + " unknown: the terms say nothing about them and the default decides",
            null);
      }
    }
    return new ImportResult(policy, report.diagnostics());
  }

  /**
   * Parses the Dictionary in the UTF-16 range [start, end) of {@code input}; reports into {@code report} at positions
   * in {@code input}. Empty when the Dictionary does not parse (reported with {@code failureCode}).
   */
  static Optional<Preferences> parse(
      Report report, String input, int start, int end, ImportOptions options, DiagnosticCode failureCode) {
    // RFC 9651: leading and trailing spaces of the field value are discarded before parsing.
    while (start < end && isOws(input.charAt(start))) {
      start++;
    }
    while (end > start && isOws(input.charAt(end - 1))) {
      end--;
    }
    String value = input.substring(start, end);
    try {
      Parser.parseDictionary(value);
    } catch (RuntimeException e) {
      int position = e instanceof org.greenbytes.http.sfv.ParseException pe ? pe.getPosition() : 0;
      int at = start + Math.max(0, Math.min(position, value.length()));
      report.at(failureCode, at, Math.min(at + 1, end),
          "the Content-Usage value is not a Structured Fields Dictionary: " + firstLine(e.getMessage()),
          "per AIPREF a value that fails to parse means every category is unknown");
      return Optional.empty();
    }
    // Last duplicate wins per key; different keys for one purpose then combine (any refusal wins).
    Map<String, Optional<Mapped>> lastByKey = new LinkedHashMap<>();
    for (int[] member : members(input, start, end)) {
      Map.Entry<String, ListElement<?>> entry =
          Parser.parseDictionary(input.substring(member[0], member[1])).get().entrySet().iterator().next();
      String key = entry.getKey();
      int keyEnd = member[0] + key.length();
      if (lastByKey.containsKey(key)) {
        report.at(DiagnosticCode.DUPLICATE_LABEL, member[0], keyEnd,
            "'" + key + "' appears again; the last one wins", null);
      }
      lastByKey.put(key, interpret(report, key, entry.getValue(), member, keyEnd, options));
    }
    Preferences prefs = new Preferences();
    lastByKey.values().forEach(m -> m.ifPresent(mapped -> prefs.combine(mapped.purpose(), mapped.preference())));
    return Optional.of(prefs);
  }

  private record Mapped(Purpose purpose, Preference preference) {}

  private static Optional<Mapped> interpret(
      Report report, String key, ListElement<?> element, int[] member, int keyEnd, ImportOptions options) {
    Parameters params = element.getParams();
    Item<?> exceptions = params.get("exceptions");
    String ccSignal = null;
    if (exceptions != null && CC_LABELS.containsKey(key)) {
      ccSignal = exceptions instanceof TokenItem || exceptions instanceof StringItem
          ? String.valueOf(exceptions.get()).toLowerCase(Locale.ROOT) : "";
    }
    for (String param : params.keySet()) {
      if (!(param.equals("exceptions") && ccSignal != null)) {
        report.at(DiagnosticCode.IGNORED_PARAMETER, member[0], member[1],
            "parameter '" + param + "' on '" + key + "' is ignored", null);
      }
    }
    Boolean yes = tokenValue(element);
    if (ccSignal != null) {
      return ccSignal(report, key, yes, ccSignal, member, options);
    }
    Purpose purpose = LABELS.get(key);
    if (purpose == null) {
      report.at(DiagnosticCode.UNKNOWN_LABEL, member[0], keyEnd,
          "unknown label '" + key + "' is ignored",
          OLD_LABELS.contains(key)
              ? "'" + key + "' is a label of an earlier AIPREF draft; draft -07 defines 'train-ai' and 'search'"
              : "AIPREF draft -07 defines 'train-ai' and 'search'");
      return Optional.empty();
    }
    if (yes == null) {
      report.at(DiagnosticCode.MALFORMED_SIGNAL, member[0], member[1],
          "the value of '" + key + "' is not the token y or n, so it is unknown", "write " + key + "=y or " + key
              + "=n");
      return Optional.empty();
    }
    return Optional.of(new Mapped(purpose, yes ? Preference.ALLOW : Preference.DENY));
  }

  private static Optional<Mapped> ccSignal(
      Report report, String key, Boolean yes, String signal, int[] member, ImportOptions options) {
    Purpose purpose = CC_LABELS.get(key);
    if (yes == null) {
      report.at(DiagnosticCode.MALFORMED_SIGNAL, member[0], member[1],
          "the value of '" + key + "' is not the token y or n, so it is unknown", null);
      return Optional.empty();
    }
    if (yes) {
      report.at(DiagnosticCode.IGNORED_PARAMETER, member[0], member[1],
          "CC signal exceptions on an allowed '" + key + "' add nothing and are ignored", null);
      return Optional.of(new Mapped(purpose, Preference.ALLOW));
    }
    List<Condition> conditions = new ArrayList<>();
    conditions.add(new DutyCondition(Duty.Attribution.INSTANCE, null));
    switch (signal) {
      case "cc-cr" -> { }
      case "cc-cr-dc" -> {
        conditions.add(new DutyCondition(new Duty.Payment(options.directCollective(), null), null));
        report.at(DiagnosticCode.APPROXIMATE_MAPPING, member[0], member[1],
            "a direct contribution to the declaring party becomes a payment to the collective '"
                + options.directCollective() + "'",
            "name the payee with --direct-collective");
      }
      case "cc-cr-ec" -> {
        conditions.add(new DutyCondition(new Duty.Payment(options.ecosystemCollective(), null), null));
        report.at(DiagnosticCode.APPROXIMATE_MAPPING, member[0], member[1],
            "an ecosystem contribution becomes a payment to the collective '" + options.ecosystemCollective() + "'",
            "name the payee with --ecosystem-collective");
      }
      case "cc-cr-op" -> conditions.add(new FactCondition(Fact.OPEN_WEIGHTS, null));
      default -> {
        report.at(DiagnosticCode.MALFORMED_SIGNAL, member[0], member[1],
            "'" + signal + "' is not a CC signal (cc-cr, cc-cr-dc, cc-cr-ec, cc-cr-op), so '" + key
                + "' is unknown",
            null);
        return Optional.empty();
      }
    }
    if (!key.equals("train-ai") && !LABELS.containsKey(key)) {
      report.at(DiagnosticCode.APPROXIMATE_MAPPING, member[0], member[1],
          "'" + key + "' is read as the CC signals 0.1 label for '" + purpose.word() + "'", null);
    }
    return Optional.of(new Mapped(purpose, Preference.allowIf(conditions)));
  }

  /** TRUE for the token y, FALSE for the token n, null for anything else. */
  private static Boolean tokenValue(ListElement<?> element) {
    if (element instanceof TokenItem token) {
      String v = token.get();
      if (v.equals("y")) {
        return Boolean.TRUE;
      }
      if (v.equals("n")) {
        return Boolean.FALSE;
      }
    }
    return null;
  }

  /**
   * The UTF-16 ranges of the members of a Dictionary that is known to parse: split at commas outside strings,
   * trimmed of optional whitespace.
   */
  static List<int[]> members(String input, int start, int end) {
    List<int[]> result = new ArrayList<>();
    boolean inString = false;
    int memberStart = start;
    for (int i = start; i <= end; i++) {
      char c = i < end ? input.charAt(i) : ',';
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == ',') {
        int s = memberStart;
        int e = i;
        while (s < e && isOws(input.charAt(s))) {
          s++;
        }
        while (e > s && isOws(input.charAt(e - 1))) {
          e--;
        }
        if (e > s) {
          result.add(new int[] {s, e});
        }
        memberStart = i + 1;
      }
    }
    return result;
  }

  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
