package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * robots.txt with AIPREF {@code Content-Usage} and Cloudflare {@code Content-Signal} lines.
 *
 * <p>Groups follow RFC 9309: one or more {@code User-Agent} lines, then rules. The groups of the agent (its product
 * token, case-insensitive) apply, all of them combined; when none names it, the {@code *} groups do. Directive names
 * are case-insensitive. A {@code Content-Usage} line may start with a path pattern: the rules with the longest
 * matching pattern apply (a rule without a path matches every path, as the least specific), and rules with equally
 * long patterns combine, the most restrictive per purpose winning. {@code Content-Signal} lines of the group all
 * combine the same way, and with {@code Content-Usage}: any refusal wins, also over a narrower purpose's allow.
 * {@code Allow} / {@code Disallow} govern crawling, not use, but a path the agent may not fetch gets no grant from the
 * group (draft-ietf-aipref-attach section 3.1: no preference is implied for it); refusals still stand, since dropping
 * them could only allow more. Every line the import does not read ({@code License}, {@code DisallowAITraining},
 * other directives, {@code Content-Usage} under {@code --from content-signal}) is reported. A text with no
 * {@code User-Agent} line is one group for every agent; for {@code --from content-signal}, a text with no directive
 * at all is read as bare {@code Content-Signal} values.
 */
final class Robots {
  private Robots() {}

  /** Directives read, or known to carry nothing about use (crawling and site maps). */
  private static final Set<String> DIRECTIVES = Set.of(
      "user-agent", "allow", "disallow", "content-usage", "content-signal", "sitemap", "crawl-delay", "host");

  private record Line(String name, int valueStart, int valueEnd, int lineStart) {}

  private record Group(List<String> agents, List<Line> rules) {}

  static ImportResult importFile(String input, ImportOptions options, boolean robotsFormat) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    List<Line> lines = new ArrayList<>();
    boolean anyDirective = false;
    for (int[] range : Lines.split(input)) {
      int end = range[1];
      int hash = Lines.indexOf(input, '#', range[0], end);
      if (hash >= 0) {
        end = hash;
      }
      String text = input.substring(range[0], end);
      int colon = text.indexOf(':');
      if (colon > 0) {
        String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        if (DIRECTIVES.contains(name) || name.equals("license")) {
          anyDirective = true;
        }
        lines.add(new Line(name, range[0] + colon + 1, end, range[0]));
      } else if (!text.isBlank()) {
        lines.add(new Line("", range[0], end, range[0]));
      }
    }
    if (!robotsFormat && !anyDirective) {
      Preferences prefs = new Preferences();
      for (Line line : lines) {
        prefs.combineAll(ContentSignal.parse(report, input, line.valueStart(), line.valueEnd()));
      }
      return Aipref.finish(report, prefs);
    }
    reportUnread(report, input, lines, robotsFormat);
    List<Line> outside = new ArrayList<>();
    List<Group> groups = groups(input, lines, outside);
    for (Line line : outside) {
      report.at(DiagnosticCode.MALFORMED_SIGNAL, line.lineStart(), line.valueEnd(),
          "this line stands before any User-Agent line, so it belongs to no group and is ignored",
          "put it under 'User-Agent: *'");
    }
    List<Group> selected = select(groups, options.agent());
    if (selected.isEmpty()) {
      report.general(DiagnosticCode.NO_PREFERENCE,
          "no user-agent group applies to '" + options.agent() + "' and there is no '*' group", null);
      return new ImportResult(java.util.Optional.empty(), report.diagnostics());
    }
    Preferences prefs = new Preferences();
    if (robotsFormat) {
      prefs.combineAll(contentUsage(report, input, selected, options));
    }
    for (Group group : selected) {
      for (Line rule : group.rules()) {
        if (rule.name().equals("content-signal")) {
          prefs.combineAll(ContentSignal.parse(report, input, rule.valueStart(), rule.valueEnd()));
        } else if (!robotsFormat && rule.name().equals("content-usage")) {
          report.at(DiagnosticCode.NO_EQUIVALENT, rule.lineStart(), rule.valueEnd(),
              "a Content-Usage line is not read by a Content-Signal import; what it says is left out",
              "import the file with --from robots to read Content-Usage and Content-Signal lines together");
        }
      }
    }
    Line disallow = disallowing(input, selected, options.path());
    if (disallow != null) {
      boolean dropped = prefs.anyAllow();
      prefs = prefs.refusalsOnly();
      report.at(DiagnosticCode.NO_EQUIVALENT, disallow.lineStart(), disallow.valueEnd(),
          "'" + options.path() + "' is disallowed for crawling, so the group implies no preference for it"
              + (dropped ? ": its allows grant nothing here (its refusals still stand)" : ""),
          null);
    }
    return Aipref.finish(report, prefs);
  }

  /**
   * Reports the lines the import does not read: RSL {@code License} (with its URL), the AI-training directives of
   * other proposals, unknown directives (each name once) and lines that are not directives (once).
   */
  private static void reportUnread(Report report, String input, List<Line> lines, boolean robotsFormat) {
    Set<String> seen = new HashSet<>();
    for (Line line : lines) {
      String name = line.name();
      String value = input.substring(line.valueStart(), line.valueEnd()).strip();
      if (name.equals("license")) {
        report.at(DiagnosticCode.NO_EQUIVALENT, line.lineStart(), line.valueEnd(),
            "an RSL licence is declared at " + Report.excerpt(value) + "; it is not read here and grants nothing",
            "fetch that document and import it with --from rsl");
      } else if (name.isEmpty()) {
        if (seen.add("")) {
          report.at(DiagnosticCode.MALFORMED_SIGNAL, line.lineStart(), line.valueEnd(),
              "a line that is not a 'name: value' directive is ignored (later ones are not reported)", null);
        }
      } else if (!DIRECTIVES.contains(name) && seen.add(name)) {
        boolean aiDirective = name.contains("ai");
        report.at(DiagnosticCode.UNKNOWN_LABEL, line.lineStart(), line.valueEnd(),
            "the directive '" + Report.excerpt(name) + "' is not read"
                + (aiDirective ? ": it is not AIPREF Content-Usage nor Content-Signal, so it grants and restricts "
                    + "nothing" : "")
                + " (later lines of it are not reported)",
            aiDirective ? "state the preference as a Content-Usage" + (robotsFormat ? "" : " or Content-Signal")
                + " line" : null);
      }
    }
  }

  private static List<Group> groups(String input, List<Line> lines, List<Line> outside) {
    List<Group> groups = new ArrayList<>();
    boolean anyAgent = lines.stream().anyMatch(l -> l.name().equals("user-agent"));
    if (!anyAgent) {
      groups.add(new Group(List.of("*"), new ArrayList<>(lines)));
      return groups;
    }
    Group current = null;
    for (Line line : lines) {
      if (line.name().equals("user-agent")) {
        if (current == null || !current.rules().isEmpty()) {
          current = new Group(new ArrayList<>(), new ArrayList<>());
          groups.add(current);
        }
        current.agents().add(input.substring(line.valueStart(), line.valueEnd()).strip());
      } else if (current != null) {
        current.rules().add(line);
      } else if (line.name().equals("content-usage") || line.name().equals("content-signal")) {
        outside.add(line);
      }
    }
    return groups;
  }

  private static List<Group> select(List<Group> groups, String agent) {
    String token = productToken(agent);
    List<Group> named = new ArrayList<>();
    List<Group> star = new ArrayList<>();
    for (Group g : groups) {
      for (String a : g.agents()) {
        if (!token.equals("*") && productToken(a).equalsIgnoreCase(token)) {
          named.add(g);
          break;
        }
        if (a.equals("*")) {
          star.add(g);
          break;
        }
      }
    }
    return named.isEmpty() ? star : named;
  }

  static String productToken(String agent) {
    String a = agent.strip();
    int slash = a.indexOf('/');
    return slash >= 0 ? a.substring(0, slash).strip() : a;
  }

  private static Preferences contentUsage(Report report, String input, List<Group> selected, ImportOptions options) {
    int best = -1;
    List<int[]> bestRules = new ArrayList<>();
    for (Group group : selected) {
      for (Line rule : group.rules()) {
        if (!rule.name().equals("content-usage")) {
          continue;
        }
        int s = rule.valueStart();
        int e = rule.valueEnd();
        while (s < e && Character.isWhitespace(input.charAt(s))) {
          s++;
        }
        int specificity = 0;
        int dictStart = s;
        if (s < e && (input.charAt(s) == '/' || input.charAt(s) == '*')) {
          int p = s;
          while (p < e && !Character.isWhitespace(input.charAt(p))) {
            p++;
          }
          String pattern = input.substring(s, p);
          if (!RobotsPattern.matches(pattern, options.path())) {
            continue;
          }
          specificity = RobotsPattern.specificity(pattern); // compared in normal form, as matched
          dictStart = p;
        }
        if (specificity > best) {
          best = specificity;
          bestRules.clear();
        }
        if (specificity == best) {
          bestRules.add(new int[] {dictStart, e});
        }
      }
    }
    Preferences prefs = new Preferences();
    for (int[] rule : bestRules) {
      Aipref.parse(report, input, rule[0], rule[1], options).ifPresent(prefs::combineAll);
    }
    return prefs;
  }

  /** The Allow/Disallow line that disallows {@code path} for the selected groups, or null when it may be fetched. */
  private static Line disallowing(String input, List<Group> selected, String path) {
    int bestLength = -1;
    Line bestLine = null;
    boolean disallowed = false;
    for (Group group : selected) {
      for (Line rule : group.rules()) {
        boolean isAllow = rule.name().equals("allow");
        if (!isAllow && !rule.name().equals("disallow")) {
          continue;
        }
        String pattern = input.substring(rule.valueStart(), rule.valueEnd()).strip();
        if (pattern.isEmpty() || !RobotsPattern.matches(pattern, path)) {
          continue;
        }
        // RFC 9309: the longest match (in normal form, as matched) wins; on a tie, allow wins.
        int length = RobotsPattern.specificity(pattern);
        if (length > bestLength || (length == bestLength && isAllow)) {
          bestLength = length;
          bestLine = rule;
          disallowed = !isAllow;
        }
      }
    }
    return disallowed ? bestLine : null;
  }
}
