package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.XmlTree.Element;
import dev.flywheel.policy.interop.XmlTree.Parsed;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RSL 1.0 (Really Simple Licensing): a licence file ({@code <rsl>} root), a licence feed (RSL elements in an RSS
 * document) or licences embedded in an HTML page ({@link RslHtml}). Parsed by {@link XmlTree}: DTDs, external
 * entities and XInclude refused, so an imported document can neither read files nor expand entities.
 *
 * <p>Only elements in the RSL namespace ({@value #NAMESPACE}) are RSL's: RSL 1.0 requires it on the root (and on the
 * {@code rsl:} elements of a feed), and an element of another namespace that happens to be called {@code permits}
 * means something else, so it is reported and grants nothing. A root without the namespace is not RSL.
 *
 * <p>The {@code content} elements whose {@code url} path pattern matches the asset's path most specifically apply.
 * In each {@code license}: {@code prohibits type="usage"} gives refusals; {@code permits type="usage"} gives allows
 * under the licence's payment duties and user restrictions. Restrictions with no equivalent (a geographic one, a
 * prohibited user class other than commercial, an unknown payment type) make the licence grant nothing: an import
 * never grants more than the source.
 */
final class Rsl {
  private Rsl() {}

  /** The RSL 1.0 XML namespace. */
  static final String NAMESPACE = "https://rslstandard.org/rsl";

  private static final Set<String> PAID_TYPES =
      Set.of("purchase", "subscription", "training", "crawl", "use", "royalty", "contribution");

  /** A plain decimal (xs:decimal without a sign): digits, optionally a point and more digits. */
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
  /** The language's AMOUNT: at most this many digits before the point (docs/LANGUAGE.md). */
  private static final int MAX_INTEGER_DIGITS = 12;
  /** The language's AMOUNT: at most this many digits after the point. */
  private static final int MAX_FRACTION_DIGITS = 9;

  /** Imports an RSL licence file, an RSS licence feed or an HTML page with embedded licences. */
  static ImportResult importXml(String input, ImportOptions options) {
    if (RslHtml.looksLikeHtml(input)) {
      return RslHtml.importHtml(input, options);
    }
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    Optional<Element> root = parse(report, input, 0);
    if (root.isEmpty()) {
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    List<Element> contents;
    Element r = root.get();
    if (r.localName().equals("rss") && r.namespace().isEmpty()) {
      contents = feedContents(report, input, r);
      if (contents.isEmpty()) {
        report.at(DiagnosticCode.NO_PREFERENCE, r.start(), tagEnd(input, r), "the RSS feed has no <rsl:content> "
            + "element in the RSL namespace " + NAMESPACE, "declare xmlns:rsl=\"" + NAMESPACE + "\" on <rss>");
        return new ImportResult(Optional.empty(), report.diagnostics());
      }
    } else if (isRslRoot(report, input, r)) {
      contents = r.children(NAMESPACE, "content");
      reportForeignChildren(report, input, r);
    } else {
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    return importContents(report, input, r, contents, options);
  }

  /**
   * The RSL contents of an RSS 2.0 feed: those of the channel, and those of each item. An item's content with an
   * empty url is about that item: it takes the path of the item's {@code <link>}; without one (or in the channel,
   * where an empty url names nothing) it is not understood, reported, and left out, since reading it as {@code /}
   * would license every path of the site.
   */
  private static List<Element> feedContents(Report report, String source, Element rss) {
    List<Element> contents = new ArrayList<>();
    for (Element channel : rss.children("", "channel")) {
      for (Element content : channel.children(NAMESPACE, "content")) {
        contents.add(withUrl(report, source, content, ""));
      }
      for (Element item : channel.children("", "item")) {
        List<Element> links = item.children("", "link");
        String link = links.isEmpty() ? "" : links.get(0).textContent().strip();
        for (Element content : item.children(NAMESPACE, "content")) {
          contents.add(withUrl(report, source, content, link));
        }
      }
    }
    contents.removeIf(Objects::isNull);
    return contents;
  }

  /** {@code content}, or a copy whose empty url is {@code link}; null (reported) when both are empty. */
  private static Element withUrl(Report report, String source, Element content, String link) {
    if (!content.attribute("url").isBlank()) {
      return content;
    }
    if (link.isEmpty()) {
      report.at(DiagnosticCode.MALFORMED_SIGNAL, content.start(), tagEnd(source, content),
          "an <rsl:content> with an empty url outside an item with a <link> names no asset; it is ignored",
          "give the content a url");
      return null;
    }
    Map<String, String> attributes = new HashMap<>(content.attributes());
    attributes.put("url", link);
    return new Element(content.namespace(), content.localName(), Map.copyOf(attributes), content.start(),
        content.startTagEnd(), content.children(), content.text());
  }

  /**
   * Parses {@code xml} (at {@code offset} in the report's source) and reports why it cannot be read.
   *
   * @return the root element, or empty after an error was reported
   */
  static Optional<Element> parse(Report report, String xml, int offset) {
    Parsed parsed = XmlTree.parse(xml, offset);
    if (parsed instanceof Parsed.Tree tree) {
      return Optional.of(tree.root());
    }
    Parsed.Failure failure = (Parsed.Failure) parsed;
    int index = failure.index();
    if (failure.doctype()) {
      report.at(DiagnosticCode.FORBIDDEN_XML, index, index, "the RSL document has a DOCTYPE, which is refused",
          "remove the DOCTYPE: RSL needs no DTD, and DTDs can read files or expand entities");
      return Optional.empty();
    }
    String help = null;
    int curly = firstCurlyQuote(xml);
    if (curly >= 0) {
      index = offset + curly;
      help = "attribute values need straight quotes (\" or '), not typographic ones like \u201d";
    }
    report.at(DiagnosticCode.MALFORMED_XML, index, index + 1,
        "the RSL document is not well-formed XML: " + failure.message(), help);
    return Optional.empty();
  }

  /** True when {@code root} is RSL's {@code <rsl>}; otherwise reports why it is not. */
  static boolean isRslRoot(Report report, String source, Element root) {
    if (root.localName().equals("rsl") && root.namespace().equals(NAMESPACE)) {
      return true;
    }
    String why = root.localName().equals("rsl")
        ? root.namespace().isEmpty()
            ? "the root element <rsl> has no namespace; RSL 1.0 requires the namespace " + NAMESPACE
            : "the root element <rsl> is in the namespace " + root.namespace() + ", not RSL's " + NAMESPACE
        : "the root element is <" + root.displayName() + ">, not RSL's <rsl>";
    report.at(DiagnosticCode.MALFORMED_XML, root.start(), tagEnd(source, root), why,
        "write <rsl xmlns=\"" + NAMESPACE + "\">");
    return false;
  }

  /** Selects the contents for the path, imports their licences and finishes the import. */
  static ImportResult importContents(
      Report report, String source, Element where, List<Element> contents, ImportOptions options) {
    List<Element> selected = selectContents(contents, options.path());
    Preferences prefs = new Preferences();
    if (selected.isEmpty()) {
      report.at(DiagnosticCode.NO_PREFERENCE, where.start(), tagEnd(source, where),
          "no <content> url matches the path '" + options.path() + "'", null);
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    for (Element content : selected) {
      reportForeignChildren(report, source, content);
      for (Element license : content.children(NAMESPACE, "license")) {
        reportForeignChildren(report, source, license);
        new LicenseImport(report, source, content, license, options).into(prefs);
      }
    }
    return Aipref.finish(report, prefs);
  }

  /**
   * Reports the child elements of {@code parent} that are not in the RSL namespace: they are not understood, so they
   * grant nothing (they are left out), and the report says so.
   */
  private static void reportForeignChildren(Report report, String source, Element parent) {
    for (Element child : parent.children()) {
      if (!child.namespace().equals(NAMESPACE)) {
        report.at(DiagnosticCode.UNKNOWN_LABEL, child.start(), tagEnd(source, child),
            "<" + child.displayName() + "> is not in the RSL namespace " + NAMESPACE + "; it is ignored", null);
      }
    }
  }

  /** The index just after the start tag of {@code e}, for a span that covers the tag. */
  static int tagEnd(String source, Element e) {
    return Math.max(e.start(), Math.min(source.length(), e.startTagEnd()));
  }

  private static int firstCurlyQuote(String input) {
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == '\u201c' || c == '\u201d' || c == '\u2018' || c == '\u2019') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The contents whose url pattern matches {@code path} most specifically (longest pattern in normal form); all of
   * the equally specific ones.
   */
  private static List<Element> selectContents(List<Element> contents, String path) {
    List<Element> best = new ArrayList<>();
    int bestLength = -1;
    for (Element content : contents) {
      String pattern = urlPath(content.attribute("url"));
      if (!RobotsPattern.matches(pattern, path)) {
        continue;
      }
      int specificity = RobotsPattern.specificity(pattern);
      if (specificity > bestLength) {
        bestLength = specificity;
        best.clear();
      }
      if (specificity == bestLength) {
        best.add(content);
      }
    }
    return best;
  }

  /** The path part of a content url: {@code https://example.com/docs/} gives {@code /docs/}; empty gives {@code /}. */
  static String urlPath(String url) {
    String u = url.strip();
    if (u.isEmpty()) {
      return "/";
    }
    if (u.startsWith("/") || u.startsWith("*")) {
      return u;
    }
    int scheme = u.indexOf("://");
    if (scheme >= 0) {
      int slash = u.indexOf('/', scheme + 3);
      return slash < 0 ? "/" : u.substring(slash);
    }
    return "/" + u;
  }

  /** The import of one licence: its permits, prohibits and payments, each diagnostic at its element. */
  private static final class LicenseImport {
    private final Report report;
    private final String source;
    private final Element content;
    private final Element license;
    private final ImportOptions options;
    private boolean grantsNothing;

    LicenseImport(Report report, String source, Element content, Element license, ImportOptions options) {
      this.report = report;
      this.source = source;
      this.content = content;
      this.license = license;
      this.options = options;
    }

    private void at(DiagnosticCode code, Element e, String message, String help) {
      report.at(code, e.start(), tagEnd(source, e), message, help);
    }

    void into(Preferences prefs) {
      Set<Purpose> permitted = EnumSet.noneOf(Purpose.class);
      Set<Purpose> prohibited = EnumSet.noneOf(Purpose.class);
      List<Condition> conditions = new ArrayList<>();
      for (Element permits : license.children(NAMESPACE, "permits")) {
        String type = typeOf(permits);
        Set<String> tokens = tokens(permits.textContent());
        if (type.equals("usage")) {
          Set<String> usages = expandUsages(permits, tokens);
          permitted.addAll(purposes(usages));
          if (usages.contains("ai-index") && !usages.contains("ai-input")) {
            at(DiagnosticCode.NO_EQUIVALENT, permits, "RSL 'ai-index' alone permits AI search indexing, narrower "
                + "than our 'input'; no allow is imported for it", null);
          }
        } else if (type.equals("user")) {
          if (!tokens.contains("commercial")) {
            conditions.add(new FactCondition(Fact.NONCOMMERCIAL, null));
            if (!tokens.equals(Set.of("non-commercial"))) {
              at(DiagnosticCode.APPROXIMATE_MAPPING, permits,
                  "RSL user classes " + tokens + " are read as the fact 'noncommercial'", null);
            }
          }
        } else {
          at(DiagnosticCode.NO_EQUIVALENT, permits,
              "RSL permits of type '" + type + "' have no equivalent; this licence grants nothing",
              "our terms cannot state that restriction, so nothing is allowed rather than too much");
          grantsNothing = true;
        }
      }
      for (Element prohibits : license.children(NAMESPACE, "prohibits")) {
        String type = typeOf(prohibits);
        Set<String> tokens = tokens(prohibits.textContent());
        if (type.equals("usage")) {
          Set<String> usages = expandUsages(prohibits, tokens);
          prohibited.addAll(purposes(usages));
          if (usages.contains("ai-index")) {
            prohibited.add(Purpose.INPUT);
            at(DiagnosticCode.APPROXIMATE_MAPPING, prohibits,
                "RSL 'ai-index' (AI search indexing) is prohibited as 'input'", null);
          }
        } else if (type.equals("user") && tokens.equals(Set.of("commercial"))) {
          conditions.add(new FactCondition(Fact.NONCOMMERCIAL, null));
        } else {
          at(DiagnosticCode.NO_EQUIVALENT, prohibits,
              "RSL prohibits of type '" + type + "' (" + String.join(" ", tokens)
                  + ") have no equivalent; this licence grants nothing",
              "our terms cannot state that restriction, so nothing is allowed rather than too much");
          grantsNothing = true;
        }
      }
      int paid = 0;
      for (Element payment : license.children(NAMESPACE, "payment")) {
        reportForeignChildren(report, source, payment);
        String type = payment.attribute("type").strip().toLowerCase(Locale.ROOT);
        if (type.isEmpty() || type.equals("free")) {
          continue;
        }
        if (type.equals("attribution")) {
          conditions.add(new DutyCondition(Duty.Attribution.INSTANCE, null));
        } else if (PAID_TYPES.contains(type)) {
          paid++;
          payment(payment, type).ifPresent(duty -> conditions.add(new DutyCondition(duty, null)));
        } else {
          at(DiagnosticCode.MALFORMED_SIGNAL, payment,
              "unknown RSL payment type '" + type + "'; this licence grants nothing", null);
          grantsNothing = true;
        }
      }
      if (paid > 1) {
        at(DiagnosticCode.APPROXIMATE_MAPPING, license,
            "a licence with " + paid + " payments: all of them become required", null);
      }
      List<Condition> unique = List.copyOf(new LinkedHashSet<>(conditions));
      if (!grantsNothing) {
        for (Purpose p : permitted) {
          prefs.combine(p, unique.isEmpty() ? Preference.ALLOW : Preference.allowIf(unique));
        }
      }
      for (Purpose p : prohibited) {
        prefs.combine(p, Preference.DENY);
      }
    }

    /** The payment duty, or empty (and the licence grants nothing) when its amount cannot be stated in our terms. */
    private Optional<Duty.Payment> payment(Element payment, String type) {
      String server = firstAttribute("server", payment, license, content);
      String collective;
      if (server != null) {
        collective = hostOf(server).filter(Names::isValidCollective).orElse(options.licensorCollective());
        at(DiagnosticCode.APPROXIMATE_MAPPING, payment, "RSL '" + type + "' payment through the licence server "
            + server + " becomes a payment to the collective '" + collective + "' (the server's host)", null);
      } else {
        collective = options.licensorCollective();
        at(DiagnosticCode.APPROXIMATE_MAPPING, payment, "RSL '" + type + "' payment has no licence server; it "
            + "becomes a payment to the collective '" + collective + "'", "name the payee with --licensor-collective");
      }
      List<Element> amounts = payment.children(NAMESPACE, "amount");
      if (amounts.isEmpty()) {
        return Optional.of(new Duty.Payment(collective, null));
      }
      Optional<Duty.Amount> amount = amount(amounts.get(0), type);
      if (amount.isEmpty()) {
        grantsNothing = true;
        return Optional.empty();
      }
      return Optional.of(new Duty.Payment(collective, amount.get()));
    }

    /**
     * The price of an {@code <amount>}, as our terms can state it: a plain decimal with at most 12 digits before the
     * point, rounded up (never down: the price is a duty, and a lower one would grant more) to 9 after it, and a
     * three-letter currency. Anything else is not understood: empty, reported, and the licence grants nothing.
     */
    private Optional<Duty.Amount> amount(Element a, String type) {
      String text = a.textContent().strip();
      String currency = a.attribute("currency").strip().toUpperCase(Locale.ROOT);
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      if (!DECIMAL.matcher(text).matches() || !currency.matches("[A-Z]{3}")) {
        at(DiagnosticCode.MALFORMED_SIGNAL, a, "the RSL amount '" + shown + "' with currency '" + currency
            + "' is not a price; this licence grants nothing", "write a plain decimal and an ISO 4217 currency code");
        return Optional.empty();
      }
      BigDecimal value = new BigDecimal(text);
      BigDecimal rounded = value.setScale(Math.min(value.scale(), MAX_FRACTION_DIGITS), RoundingMode.CEILING);
      if (rounded.precision() - rounded.scale() > MAX_INTEGER_DIGITS) {
        at(DiagnosticCode.MALFORMED_SIGNAL, a, "the RSL amount '" + shown + "' has more than " + MAX_INTEGER_DIGITS
            + " digits before the point, more than our terms can state; this licence grants nothing", null);
        return Optional.empty();
      }
      Duty.Amount amount = new Duty.Amount(rounded, currency);
      if (rounded.compareTo(value) != 0) {
        at(DiagnosticCode.APPROXIMATE_MAPPING, a, "the RSL amount '" + shown + "' is rounded up to "
            + amount.plainValue() + ", the most decimals our terms state", null);
      }
      at(DiagnosticCode.APPROXIMATE_MAPPING, a,
          "the RSL '" + type + "' amount " + amount.plainValue() + " " + currency + " becomes a price per item", null);
      return Optional.of(amount);
    }

    /** Expands {@code all} and {@code ai-all}, normalises {@code train-ai}, reports unknown usages. */
    private Set<String> expandUsages(Element where, Set<String> tokens) {
      Set<String> usages = new LinkedHashSet<>();
      for (String t : tokens) {
        switch (t) {
          case "all" -> usages.addAll(List.of("ai-train", "ai-input", "ai-index", "search"));
          case "ai-all" -> usages.addAll(List.of("ai-train", "ai-input", "ai-index"));
          case "ai-train", "ai-input", "ai-index", "search" -> usages.add(t);
          case "train-ai" -> {
            usages.add("ai-train");
            at(DiagnosticCode.APPROXIMATE_MAPPING, where, "RSL usage 'train-ai' is read as 'ai-train'", null);
          }
          default -> at(DiagnosticCode.UNKNOWN_LABEL, where, "unknown RSL usage '" + t + "' is ignored", null);
        }
      }
      return usages;
    }
  }

  private static Optional<String> hostOf(String url) {
    try {
      String host = URI.create(url.strip()).getHost();
      return host == null || host.isBlank() ? Optional.empty() : Optional.of(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String firstAttribute(String name, Element... elements) {
    for (Element e : elements) {
      String v = e.attribute(name);
      if (!v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  private static String typeOf(Element e) {
    String type = e.attribute("type").strip().toLowerCase(Locale.ROOT);
    return type.isEmpty() ? "usage" : type;
  }

  private static Set<String> tokens(String text) {
    Set<String> tokens = new LinkedHashSet<>();
    for (String t : text.split("[,\\s]+")) {
      if (!t.isBlank()) {
        tokens.add(t.toLowerCase(Locale.ROOT));
      }
    }
    return tokens;
  }

  private static Set<Purpose> purposes(Set<String> usages) {
    Set<Purpose> result = EnumSet.noneOf(Purpose.class);
    for (String u : usages) {
      switch (u) {
        case "ai-train" -> result.add(Purpose.TRAIN);
        case "ai-input" -> result.add(Purpose.INPUT);
        case "search" -> result.add(Purpose.SEARCH);
        default -> { } // ai-index: handled by the caller (prohibit: input; permit: nothing)
      }
    }
    return result;
  }
}
