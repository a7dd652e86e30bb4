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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parameters;
import org.greenbytes.http.sfv.Parser;
import org.greenbytes.http.sfv.TokenItem;

/**
 * IETF AIPREF {@code Content-Usage} (draft-ietf-aipref-vocab -07, draft-ietf-aipref-attach), with CC signals 0.1.
 *
 * <p>The value is an RFC 9651 Dictionary. Processing follows the drafts: an unknown label is ignored, the last of
 * duplicate keys wins, a value that is not the token {@code y} or {@code n} (or a Dictionary that fails to parse)
 * means unknown, parameters are ignored. Each of these is reported, as a warning: an unknown value is not an error.
 * The one exception to "parameters are ignored" is the CC signals {@code exceptions} parameter, which turns a refusal
 * into an allow under conditions; an {@code exceptions} value that is not exactly one of the CC signal tokens leaves
 * the refusal standing.
 *
 * <p>Labels of earlier drafts that CC signals 0.1 still use ({@code ai-use}, {@code train-genai}) are read for their
 * refusals only: an allow under a label draft -07 does not define grants nothing.
 *
 * <p>The Dictionary is split into members here, in one pass, and each member is parsed on its own by the Structured
 * Fields library, whose own Dictionary and Inner List parsing takes time quadratic in the number of members or items.
 * A member longer than {@link #MAX_MEMBER_LENGTH} is refused with an error, so the work stays linear in the input.
 */
final class Aipref {
  private Aipref() {}

  /**
   * The longest Dictionary member read, in UTF-16 units. A longer member (no AIPREF or CC signals member comes near)
   * makes the import an {@code input-too-long} error with no terms: reading it as unknown could drop a refusal.
   */
  static final int MAX_MEMBER_LENGTH = 1024;

  /** Labels of draft -07 and the purposes they map to. */
  static final Map<String, Purpose> LABELS = Map.of("train-ai", Purpose.TRAIN_GENAI, "search", Purpose.SEARCH);

  /** Labels of earlier drafts and side proposals: unknown to -07, reported with a hint. */
  static final Set<String> OLD_LABELS = Set.of("ai-use", "train-genai", "bots", "infer-user", "infer-system");

  /**
   * Labels of earlier drafts that CC signals 0.1 attach their {@code exceptions} to, and the purposes their refusals
   * cover. {@code ai-use} is use as input to a trained model, as opposed to training: our {@code input}.
   */
  static final Map<String, Purpose> CC_OLD_LABELS = Map.of("ai-use", Purpose.INPUT, "train-genai", Purpose.TRAIN_GENAI);

  /** The CC signals 0.1 tokens of the {@code exceptions} parameter; exact, case-sensitive tokens. */
  static final Set<String> CC_SIGNALS = Set.of("cc-cr", "cc-cr-dc", "cc-cr-ec", "cc-cr-op");

  /**
   * Imports a {@code Content-Usage} value, or several lines each a value or a {@code Content-Usage:} header line.
   * Each line is one statement; statements combine per purpose (any refusal wins). A statement that does not parse
   * means unknown for every category (a warning); a member past {@link #MAX_MEMBER_LENGTH} is an error.
   */
  static ImportResult importValue(String input, ImportOptions options) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    Preferences all = new Preferences();
    for (int[] line : Lines.split(input)) {
      if (input.substring(line[0], line[1]).isBlank()) {
        continue;
      }
      int start = line[0];
      int colon = Lines.indexOf(input, ':', start, line[1]);
      if (colon > start && input.substring(start, colon).strip().equalsIgnoreCase("content-usage")) {
        start = colon + 1;
      }
      parse(report, input, start, line[1], options).ifPresent(all::combineAll);
      if (report.isFull()) {
        break; // past the report's cap the import gives no terms: the rest need not be read
      }
    }
    return finish(report, all);
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
      // Every purpose but the two that only group others, from values() so that a new purpose is checked too.
      for (Purpose p : EnumSet.complementOf(EnumSet.of(Purpose.ANY, Purpose.AI))) {
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
   * in {@code input}. Empty when the Dictionary does not parse (a {@code malformed-signal} warning: every category is
   * unknown) or a member is too long (an {@code input-too-long} error).
   */
  static Optional<Preferences> parse(Report report, String input, int start, int end, ImportOptions options) {
    // RFC 9651: leading and trailing spaces of the field value are discarded before parsing.
    while (start < end && isOws(input.charAt(start))) {
      start++;
    }
    while (end > start && isOws(input.charAt(end - 1))) {
      end--;
    }
    List<int[]> members = new ArrayList<>();
    int emptyAt = members(input, start, end, members);
    if (emptyAt >= 0) {
      unparsable(report, emptyAt, end, "a comma without a member before or after it");
      return Optional.empty();
    }
    // Every member is parsed before any is interpreted: a member that fails makes the whole statement unknown.
    List<Map.Entry<String, ListElement<?>>> entries = new ArrayList<>(members.size());
    for (int[] member : members) {
      if (report.isFull()) {
        return Optional.empty();
      }
      if (member[1] - member[0] > MAX_MEMBER_LENGTH) {
        report.at(DiagnosticCode.INPUT_TOO_LONG, member[0], member[1],
            "a Content-Usage member is longer than " + MAX_MEMBER_LENGTH + " characters; it is not read",
            "no AIPREF or CC signals member is this long; the import gives no terms rather than guess");
        return Optional.empty();
      }
      String text = input.substring(member[0], member[1]);
      try {
        entries.add(Parser.parseDictionary(text).get().entrySet().iterator().next());
      } catch (RuntimeException e) {
        int position = e instanceof org.greenbytes.http.sfv.ParseException pe ? pe.getPosition() : 0;
        int at = member[0] + Math.max(0, Math.min(position, text.length()));
        unparsable(report, at, end, firstLine(e.getMessage()));
        return Optional.empty();
      }
    }
    // Last duplicate wins per key; different keys for one purpose then combine (any refusal wins).
    Map<String, Optional<Mapped>> lastByKey = new LinkedHashMap<>();
    for (int i = 0; i < members.size() && !report.isFull(); i++) {
      int[] member = members.get(i);
      String key = entries.get(i).getKey();
      int keyEnd = member[0] + key.length();
      if (lastByKey.containsKey(key)) {
        report.at(DiagnosticCode.DUPLICATE_LABEL, member[0], keyEnd,
            "'" + key + "' appears again; the last one wins", null);
      }
      lastByKey.put(key, interpret(report, key, entries.get(i).getValue(), member, keyEnd, options));
    }
    Preferences prefs = new Preferences();
    lastByKey.values().forEach(m -> m.ifPresent(mapped -> prefs.require(mapped.purpose(), mapped.preference())));
    return Optional.of(prefs);
  }

  private static void unparsable(Report report, int at, int end, String why) {
    report.at(DiagnosticCode.MALFORMED_SIGNAL, at, Math.min(at + 1, Math.max(end, at + 1)),
        "the Content-Usage value is not a Structured Fields Dictionary (" + why + "), so every category is unknown",
        "per AIPREF a value that fails to parse is not an error: it states no preference");
  }

  private record Mapped(Purpose purpose, Preference preference) {}

  private static Optional<Mapped> interpret(
      Report report, String key, ListElement<?> element, int[] member, int keyEnd, ImportOptions options) {
    Parameters params = element.getParams();
    boolean ccLabel = LABELS.containsKey(key) || CC_OLD_LABELS.containsKey(key);
    Item<?> exceptions = ccLabel ? params.get("exceptions") : null;
    for (String param : params.keySet()) {
      if (!(param.equals("exceptions") && exceptions != null)) {
        report.at(DiagnosticCode.IGNORED_PARAMETER, member[0], member[1],
            "parameter '" + param + "' on '" + key + "' is ignored", null);
      }
    }
    if (!ccLabel) {
      report.at(DiagnosticCode.UNKNOWN_LABEL, member[0], keyEnd,
          "unknown label '" + key + "' is ignored",
          OLD_LABELS.contains(key)
              ? "'" + key + "' is a label of an earlier AIPREF draft; draft -07 defines 'train-ai' and 'search'"
              : "AIPREF draft -07 defines 'train-ai' and 'search'");
      return Optional.empty();
    }
    Boolean yes = tokenValue(element);
    if (yes == null) {
      report.at(DiagnosticCode.MALFORMED_SIGNAL, member[0], member[1],
          "the value of '" + key + "' is not the token y or n, so it is unknown",
          "write " + key + "=y or " + key + "=n");
      return Optional.empty();
    }
    Purpose purpose = LABELS.get(key);
    if (purpose == null) {
      purpose = CC_OLD_LABELS.get(key);
      if (yes) {
        // An allow under a label -07 does not define is not understood, and what is not understood grants nothing.
        report.at(DiagnosticCode.UNKNOWN_LABEL, member[0], member[1],
            "'" + key + "=y' grants nothing: '" + key + "' is a label of an earlier AIPREF draft",
            "draft -07 defines 'train-ai' and 'search'; a refusal under '" + key + "' is still honoured");
        return Optional.empty();
      }
      report.at(DiagnosticCode.APPROXIMATE_MAPPING, member[0], keyEnd,
          "'" + key + "' is read as the CC signals 0.1 label for '" + purpose.word() + "'"
              + (key.equals("ai-use") ? " (use as input to a trained model, as opposed to training)" : ""),
          null);
    }
    if (yes) {
      if (exceptions != null) {
        report.at(DiagnosticCode.IGNORED_PARAMETER, member[0], member[1],
            "CC signal exceptions on an allowed '" + key + "' add nothing and are ignored", null);
      }
      return Optional.of(new Mapped(purpose, Preference.ALLOW));
    }
    if (exceptions == null) {
      return Optional.of(new Mapped(purpose, Preference.DENY));
    }
    return Optional.of(new Mapped(purpose, ccException(report, key, exceptions, member, options)));
  }

  /**
   * The preference of a refusal that carries CC signals {@code exceptions}: an allow under the signal's conditions,
   * or the refusal itself when the parameter is not exactly one of the CC signal tokens (not understood, so it grants
   * nothing).
   */
  private static Preference ccException(
      Report report, String key, Item<?> exceptions, int[] member, ImportOptions options) {
    String signal = exceptions instanceof TokenItem token ? token.get() : null;
    if (signal == null || !CC_SIGNALS.contains(signal)) {
      report.at(DiagnosticCode.MALFORMED_SIGNAL, member[0], member[1],
          "the exceptions of '" + key + "' are not one of the CC signal tokens cc-cr, cc-cr-dc, cc-cr-ec, cc-cr-op"
              + " (exact lower-case tokens, not strings), so the refusal stands",
          null);
      return Preference.DENY;
    }
    List<Condition> conditions = new ArrayList<>();
    conditions.add(new DutyCondition(Duty.Attribution.INSTANCE, null));
    switch (signal) {
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
      default -> { } // cc-cr: credit only
    }
    return Preference.allowIf(conditions);
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
   * Adds to {@code out} the UTF-16 ranges of the members of the Dictionary in [start, end) of {@code input}, split at
   * commas outside strings and trimmed of optional whitespace, in one pass. Returns the index of an empty member
   * (a leading, doubled or trailing comma: RFC 9651 fails such a value), or -1. An empty range has no members.
   */
  static int members(String input, int start, int end, List<int[]> out) {
    boolean inString = false;
    int memberStart = start;
    for (int i = start; i <= end && end > start; i++) {
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
        int e = Math.min(i, end);
        while (s < e && isOws(input.charAt(s))) {
          s++;
        }
        while (e > s && isOws(input.charAt(e - 1))) {
          e--;
        }
        if (e == s) {
          return Math.min(i, end - 1);
        }
        out.add(new int[] {s, e});
        memberStart = i + 1;
      }
    }
    if (inString) {
      // An unterminated string runs to the end: kept as the last member, whose parse then fails.
      out.add(new int[] {memberStart, end});
    }
    return -1;
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
