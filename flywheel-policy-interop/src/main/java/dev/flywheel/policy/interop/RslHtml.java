package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.interop.XmlTree.Element;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * RSL licences embedded in an HTML page: each {@code <script type="application/rsl+xml">} holds a whole RSL
 * document, read as {@link Rsl} reads a file (an empty {@code content url} is the page itself); a
 * {@code <link rel="license" type="application/rsl+xml" href="...">} points to a licence elsewhere, which an import
 * does not fetch: it is reported with its URL, and grants nothing.
 *
 * <p>The page is scanned once, left to right, in time linear in its length: comments are skipped, and the body of a
 * script that is not RSL is skipped whole, so a {@code <link>} written inside JavaScript or a comment is not read.
 */
final class RslHtml {
  private RslHtml() {}

  static final String MEDIA_TYPE = "application/rsl+xml";

  /**
   * The most embedded licences read from one page. Each is a whole XML document to parse; past this many the page is
   * refused ({@code malformed-input}) rather than parsed at a cost the caller did not expect.
   */
  static final int MAX_EMBEDDED_LICENCES = 64;

  /**
   * True when {@code input} is an HTML page rather than an XML document: after an optional byte order mark, XML
   * declaration and comments, it starts with an HTML doctype or one of the elements that begin a page or a head.
   */
  static boolean looksLikeHtml(String input) {
    String lower = asciiLower(input.length() > 4096 ? input.substring(0, 4096) : input);
    int i = 0;
    int n = lower.length();
    while (i < n) {
      char c = lower.charAt(i);
      if (c == '\uFEFF' || Character.isWhitespace(c)) {
        i++;
      } else if (lower.startsWith("<?", i)) {
        int end = lower.indexOf("?>", i);
        i = end < 0 ? n : end + 2;
      } else if (lower.startsWith("<!--", i)) {
        int end = lower.indexOf("-->", i + 4);
        i = end < 0 ? n : end + 3;
      } else {
        break;
      }
    }
    if (lower.startsWith("<!doctype", i)) {
      return lower.startsWith("html", skipSpaces(lower, i + 9));
    }
    for (String tag : List.of("html", "head", "body", "script", "link", "meta", "title")) {
      if (lower.startsWith("<" + tag, i) && isTagNameEnd(lower, i + 1 + tag.length())) {
        return true;
      }
    }
    return false;
  }

  static ImportResult importHtml(String input, ImportOptions options) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    String lower = asciiLower(input);
    List<Element> contents = new ArrayList<>();
    Element firstRoot = null;
    int links = 0;
    int licences = 0;
    int n = input.length();
    int i = 0;
    while (i < n) {
      int lt = lower.indexOf('<', i);
      if (lt < 0) {
        break;
      }
      if (lower.startsWith("<!--", lt)) {
        int end = lower.indexOf("-->", lt + 4);
        i = end < 0 ? n : end + 3;
        continue;
      }
      boolean script = lower.startsWith("<script", lt) && isTagNameEnd(lower, lt + 7);
      boolean link = lower.startsWith("<link", lt) && isTagNameEnd(lower, lt + 5);
      if (!script && !link) {
        i = lt + 1;
        continue;
      }
      int tagEnd = endOfTag(input, lt);
      Map<String, String> attributes = attributes(input, lt + (script ? 7 : 5), tagEnd - 1);
      if (link) {
        i = tagEnd;
        if (tokens(attributes.get("rel")).contains("license") && isRslType(attributes.get("type"))) {
          links++;
          String href = attributes.getOrDefault("href", "").strip();
          report.at(DiagnosticCode.NO_EQUIVALENT, lt, tagEnd, "the page links an RSL licence at '" + href
              + "', which is not fetched: it grants nothing here", "import that licence with --from rsl");
        }
        continue;
      }
      int close = lower.indexOf("</script", tagEnd);
      int bodyEnd = close < 0 ? n : close;
      i = close < 0 ? n : endOfTag(input, close);
      if (!isRslType(attributes.get("type"))) {
        continue;
      }
      if (++licences > MAX_EMBEDDED_LICENCES) {
        report.at(DiagnosticCode.MALFORMED_INPUT, lt, tagEnd, "the page embeds more than " + MAX_EMBEDDED_LICENCES
            + " RSL licences; it is refused", "put the licences in one <rsl> document");
        break;
      }
      Optional<Element> root = Rsl.parse(report, input.substring(tagEnd, bodyEnd), tagEnd);
      if (root.isEmpty() || !Rsl.isRslRoot(report, input, root.get())) {
        break; // an embedded licence that cannot be read makes the page an error: reading on would change nothing
      }
      if (firstRoot == null) {
        firstRoot = root.get();
      }
      contents.addAll(root.get().children(Rsl.NAMESPACE, "content"));
    }
    if (report.hasErrors()) {
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    if (firstRoot == null) {
      report.general(DiagnosticCode.NO_PREFERENCE, links > 0
          ? "the page embeds no RSL licence, only links to licences that are not fetched"
          : "the page has no <script type=\"" + MEDIA_TYPE + "\"> licence", null);
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    return Rsl.importContents(report, input, firstRoot, contents, options);
  }

  /**
   * {@code text} with ASCII letters lower-cased and every other character kept, so indices into it are indices into
   * {@code text} (a full lower-casing can change the length, as U+0130 does).
   */
  private static String asciiLower(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] = (char) (chars[i] + ('a' - 'A'));
      }
    }
    return new String(chars);
  }

  private static boolean isRslType(String type) {
    return type != null && type.strip().toLowerCase(Locale.ROOT).split(";", 2)[0].strip().equals(MEDIA_TYPE);
  }

  private static List<String> tokens(String value) {
    return value == null ? List.of() : List.of(value.strip().toLowerCase(Locale.ROOT).split("\\s+"));
  }

  private static boolean isTagNameEnd(String text, int index) {
    if (index >= text.length()) {
      return true;
    }
    char c = text.charAt(index);
    return c == '>' || c == '/' || Character.isWhitespace(c);
  }

  private static int skipSpaces(String text, int index) {
    while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
      index++;
    }
    return index;
  }

  /** The index just after the {@code >} that ends the tag starting at {@code lt}, quotes respected. */
  private static int endOfTag(String text, int lt) {
    char quote = 0;
    for (int i = lt + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i + 1;
      }
    }
    return text.length();
  }

  /**
   * The attributes of a tag, between {@code from} and {@code to}: names lower-cased, the first of a repeated name
   * kept (as HTML parsers do), values unquoted. Character references are not decoded: the values read here are
   * media types, link relations and URLs, compared as written.
   */
  private static Map<String, String> attributes(String text, int from, int to) {
    Map<String, String> result = new HashMap<>();
    int i = from;
    while (i < to) {
      while (i < to && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '/')) {
        i++;
      }
      int nameStart = i;
      while (i < to && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '=' && text.charAt(i) != '/') {
        i++;
      }
      String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i = skipSpaces(text, i);
      String value = "";
      if (i < to && text.charAt(i) == '=') {
        i = skipSpaces(text, i + 1);
        if (i < to && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
          char quote = text.charAt(i);
          int end = text.indexOf(quote, i + 1);
          end = end < 0 || end > to ? to : end;
          value = text.substring(i + 1, end);
          i = end + 1;
        } else {
          int start = i;
          while (i < to && !Character.isWhitespace(text.charAt(i))) {
            i++;
          }
          value = text.substring(start, i);
        }
      }
      if (!name.isEmpty()) {
        result.putIfAbsent(name, value);
      } else if (i == nameStart) {
        i++; // a stray '=' or quote: step over it so the scan always advances
      }
    }
    return result;
  }
}
