package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Robots directives about AI use: HTTP {@code X-Robots-Tag} header lines and HTML robots meta tags
 * ({@code <meta name="robots" content="noai, noimageai">}).
 *
 * <p>These directives can only refuse: {@code noai} and {@code noimageai} (proposals without a normative definition,
 * read as refusing every AI use, {@code noimageai} for the item although it names only images: terms carry no media
 * type, and over-refusing is the safe side) and {@code noindex} / {@code none} (refusing search). {@code all},
 * {@code index} and the crawl or display directives ({@code nofollow}, {@code noarchive}, {@code max-snippet}, ...)
 * say nothing about use: reported once each as {@code no-equivalent}. Any other directive is {@code unknown-label}.
 * Nothing here grants a purpose.
 *
 * <p>A line or tag addressed to a crawler (header {@code X-Robots-Tag: examplebot: noai}, {@code <meta
 * name="examplebot">}) applies only when that is the agent of {@link ImportOptions#agent()} (product token,
 * case-insensitive); those for other crawlers are reported once, not read. HTML is parsed with jsoup, so tags inside
 * comments or scripts are not read.
 */
final class XRobotsTag {
  private XRobotsTag() {}

  private static final String HEADER = "x-robots-tag";

  /** The directives that refuse, and what they refuse. */
  private static final Map<String, Purpose> REFUSALS = Map.of(
      "noai", Purpose.AI, "noimageai", Purpose.AI, "noindex", Purpose.SEARCH, "none", Purpose.SEARCH);

  /** Directives of the robots meta and X-Robots-Tag specifications that say nothing about use. */
  private static final Set<String> SILENT_ON_USE = Set.of(
      "all", "index", "follow", "nofollow", "noarchive", "nocache", "nosnippet", "notranslate", "noimageindex",
      "indexifembedded", "max-snippet", "max-image-preview", "max-video-preview", "unavailable_after",
      "noodp", "noydir");

  /** Directives that take a value after a colon, so a colon after them does not name a crawler. */
  private static final Set<String> WITH_VALUE =
      Set.of("max-snippet", "max-image-preview", "max-video-preview", "unavailable_after");

  static ImportResult importAny(String input, ImportOptions options) {
    Report report = new Report(new SourceText(input));
    Preferences prefs = new Preferences();
    Set<String> reported = new HashSet<>();
    String trimmed = input.strip();
    if (trimmed.startsWith("<") || trimmed.toLowerCase(Locale.ROOT).contains("<meta")) {
      importHtml(input, options, report, prefs, reported);
    } else {
      importHeaders(input, options, report, prefs, reported);
    }
    return Aipref.finish(report, prefs);
  }

  private static void importHeaders(
      String input, ImportOptions options, Report report, Preferences prefs, Set<String> reported) {
    List<int[]> lines = Lines.split(input);
    boolean headerLines = false;
    for (int[] line : lines) {
      if (headerName(input, line).equals(HEADER)) {
        headerLines = true;
        break;
      }
    }
    for (int[] line : lines) {
      if (input.substring(line[0], line[1]).isBlank()) {
        continue;
      }
      int start = line[0];
      if (headerLines) {
        String name = headerName(input, line);
        if (!name.equals(HEADER)) {
          if (reported.add("header " + name)) {
            report.at(DiagnosticCode.NO_EQUIVALENT, line[0], line[1],
                "the header line '" + Report.excerpt(name) + "' is not an X-Robots-Tag and is not read", null);
          }
          continue;
        }
        start = Lines.indexOf(input, ':', line[0], line[1]) + 1;
      }
      // An optional crawler name before a colon: "examplebot: noai". A directive with a value ("max-snippet: 20")
      // is not a crawler name.
      int colon = Lines.indexOf(input, ':', start, line[1]);
      if (colon >= 0) {
        String before = input.substring(start, colon).strip().toLowerCase(Locale.ROOT);
        if (!before.isEmpty() && !before.contains(",") && !WITH_VALUE.contains(before)) {
          if (!appliesTo(before, options, report, line[0], line[1], reported)) {
            continue;
          }
          start = colon + 1;
        }
      }
      directives(input, start, line[1], report, prefs, reported);
    }
  }

  private static String headerName(String input, int[] line) {
    int colon = Lines.indexOf(input, ':', line[0], line[1]);
    return colon < 0 ? "" : input.substring(line[0], colon).strip().toLowerCase(Locale.ROOT);
  }

  private static void importHtml(
      String input, ImportOptions options, Report report, Preferences prefs, Set<String> reported) {
    Document document = Parser.htmlParser().setTrackPosition(true).parseInput(input, "");
    for (Element meta : document.getElementsByTag("meta")) {
      String name = meta.attr("name").strip().toLowerCase(Locale.ROOT);
      String httpEquiv = meta.attr("http-equiv").strip().toLowerCase(Locale.ROOT);
      int start = meta.sourceRange().isTracked() ? meta.sourceRange().startPos() : 0;
      int end = meta.sourceRange().isTracked() ? meta.sourceRange().endPos() : 0;
      boolean robots = name.equals("robots") || httpEquiv.equals(HEADER);
      if (!robots && (name.isEmpty() || !name.equals(Robots.productToken(options.agent()).toLowerCase(Locale.ROOT)))) {
        continue;
      }
      // The content attribute's own position is not tracked: the directives are reported at the tag.
      String content = meta.attr("content");
      for (String directive : content.split(",", -1)) {
        directive(directive, start, end, report, prefs, reported);
      }
    }
  }

  /** True when a line addressed to {@code crawler} applies to the agent; reports the others once. */
  private static boolean appliesTo(
      String crawler, ImportOptions options, Report report, int start, int end, Set<String> reported) {
    if (crawler.equalsIgnoreCase(Robots.productToken(options.agent()))) {
      return true;
    }
    if (reported.add("agent " + crawler)) {
      report.at(DiagnosticCode.NO_EQUIVALENT, start, end,
          "directives addressed to '" + Report.excerpt(crawler) + "' do not apply to the agent '"
              + Report.excerpt(options.agent()) + "' and are not read",
          "name the crawler with --agent to read them");
    }
    return false;
  }

  /** Reads the comma-separated directives in the UTF-16 range [start, end) of {@code input}. */
  private static void directives(
      String input, int start, int end, Report report, Preferences prefs, Set<String> reported) {
    int from = start;
    for (int i = start; i <= end; i++) {
      if (i == end || input.charAt(i) == ',') {
        directive(input.substring(from, i), from, i, report, prefs, reported);
        from = i + 1;
      }
    }
  }

  private static void directive(
      String text, int start, int end, Report report, Preferences prefs, Set<String> reported) {
    String directive = text.strip().toLowerCase(Locale.ROOT);
    int colon = directive.indexOf(':');
    String name = colon < 0 ? directive : directive.substring(0, colon).strip();
    if (name.isEmpty()) {
      return;
    }
    Purpose refused = REFUSALS.get(name);
    if (refused != null) {
      prefs.require(refused, Preference.DENY);
      if (name.equals("noimageai") && reported.add(name)) {
        report.at(DiagnosticCode.APPROXIMATE_MAPPING, start, end,
            "'noimageai' refuses AI use of images; terms carry no media type, so every AI use of the item is refused",
            null);
      } else if (name.equals("noai") && reported.add(name)) {
        report.at(DiagnosticCode.APPROXIMATE_MAPPING, start, end,
            "'noai' has no normative definition; it is read as refusing every AI use", null);
      }
    } else if (SILENT_ON_USE.contains(name)) {
      if (reported.add(name)) {
        report.at(DiagnosticCode.NO_EQUIVALENT, start, end,
            "'" + name + "' is about crawling or display and says nothing about use", null);
      }
    } else if (reported.add("unknown " + name)) {
      report.at(DiagnosticCode.UNKNOWN_LABEL, start, end,
          "'" + Report.excerpt(name) + "' is not a robots directive this import reads; it grants nothing", null);
    }
  }
}
