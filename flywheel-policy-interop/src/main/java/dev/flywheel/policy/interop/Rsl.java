package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * RSL 1.0 (Really Simple Licensing). Parsed with DTDs, external entities and XInclude refused, so an imported
 * document can neither read files nor expand entities.
 *
 * <p>The {@code content} elements whose {@code url} path pattern matches the asset's path most specifically apply.
 * In each {@code license}: {@code prohibits type="usage"} gives refusals; {@code permits type="usage"} gives allows
 * under the licence's payment duties and user restrictions. Restrictions with no equivalent (a geographic one, a
 * prohibited user class other than commercial, an unknown payment type) make the licence grant nothing: an import
 * never grants more than the source.
 */
final class Rsl {
  private Rsl() {}

  private static final Set<String> PAID_TYPES =
      Set.of("purchase", "subscription", "training", "crawl", "use", "royalty", "contribution");

  static ImportResult importXml(String input, ImportOptions options) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    Document document;
    try {
      DocumentBuilder builder = secureFactory().newDocumentBuilder();
      builder.setErrorHandler(new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      document = builder.parse(new InputSource(new StringReader(input)));
    } catch (SAXParseException e) {
      reportXmlError(report, input, e);
      return new ImportResult(Optional.empty(), report.diagnostics());
    } catch (SAXException | java.io.IOException | ParserConfigurationException e) {
      report.general(DiagnosticCode.MALFORMED_XML, "the RSL document cannot be read: " + e.getMessage(), null);
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    Element root = document.getDocumentElement();
    if (!"rsl".equals(root.getLocalName())) {
      report.general(DiagnosticCode.MALFORMED_XML,
          "the root element is <" + root.getLocalName() + ">, not <rsl>", null);
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    List<Element> contents = selectContents(root, options.path());
    Preferences prefs = new Preferences();
    if (contents.isEmpty()) {
      report.general(DiagnosticCode.NO_PREFERENCE, "no <content> url matches the path '" + options.path() + "'",
          null);
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    for (Element content : contents) {
      for (Element license : children(content, "license")) {
        importLicense(report, content, license, options, prefs);
      }
    }
    return Aipref.finish(report, prefs);
  }

  private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    return f;
  }

  private static void reportXmlError(Report report, String input, SAXParseException e) {
    int index = indexOf(input, e.getLineNumber(), e.getColumnNumber());
    String message = e.getMessage() == null ? "parse error" : e.getMessage();
    if (message.contains("DOCTYPE")) {
      report.at(DiagnosticCode.FORBIDDEN_XML, index, index, "the RSL document has a DOCTYPE, which is refused",
          "remove the DOCTYPE: RSL needs no DTD, and DTDs can read files or expand entities");
      return;
    }
    String help = null;
    int curly = firstCurlyQuote(input);
    if (curly >= 0) {
      index = curly;
      help = "attribute values need straight quotes (\" or '), not typographic ones like \u201d";
    }
    report.at(DiagnosticCode.MALFORMED_XML, index, Math.min(index + 1, input.length()),
        "the RSL document is not well-formed XML: " + message, help);
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

  /** The UTF-16 index of a 1-based line and column as the XML parser reports them (clamped). */
  private static int indexOf(String input, int line, int column) {
    int index = 0;
    for (int l = 1; l < line && index < input.length(); index++) {
      if (input.charAt(index) == '\n') {
        l++;
      }
    }
    return Math.max(0, Math.min(input.length(), index + Math.max(0, column - 1)));
  }

  private static List<Element> selectContents(Element root, String path) {
    List<Element> best = new ArrayList<>();
    int bestLength = -1;
    for (Element content : children(root, "content")) {
      String pattern = urlPath(content.getAttribute("url"));
      if (!RobotsPattern.matches(pattern, path)) {
        continue;
      }
      if (pattern.length() > bestLength) {
        bestLength = pattern.length();
        best.clear();
      }
      if (pattern.length() == bestLength) {
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

  private static void importLicense(
      Report report, Element content, Element license, ImportOptions options, Preferences prefs) {
    Set<Purpose> permitted = EnumSet.noneOf(Purpose.class);
    Set<Purpose> prohibited = EnumSet.noneOf(Purpose.class);
    boolean permitsIndexOnly = false;
    boolean grantsNothing = false;
    List<Condition> conditions = new ArrayList<>();
    for (Element permits : children(license, "permits")) {
      String type = typeOf(permits);
      Set<String> tokens = tokens(permits.getTextContent());
      if (type.equals("usage")) {
        Set<String> usages = expandUsages(report, tokens);
        permitted.addAll(purposes(usages));
        permitsIndexOnly |= usages.contains("ai-index") && !usages.contains("ai-input");
      } else if (type.equals("user")) {
        if (!tokens.contains("commercial")) {
          conditions.add(new FactCondition(Fact.NONCOMMERCIAL, null));
          if (!tokens.equals(Set.of("non-commercial"))) {
            report.general(DiagnosticCode.APPROXIMATE_MAPPING,
                "RSL user classes " + tokens + " are read as the fact 'noncommercial'", null);
          }
        }
      } else {
        report.general(DiagnosticCode.NO_EQUIVALENT,
            "RSL permits of type '" + type + "' have no equivalent; this licence grants nothing",
            "our terms cannot state that restriction, so nothing is allowed rather than too much");
        grantsNothing = true;
      }
    }
    for (Element prohibits : children(license, "prohibits")) {
      String type = typeOf(prohibits);
      Set<String> tokens = tokens(prohibits.getTextContent());
      if (type.equals("usage")) {
        Set<String> usages = expandUsages(report, tokens);
        prohibited.addAll(purposes(usages));
        if (usages.contains("ai-index")) {
          prohibited.add(Purpose.INPUT);
          report.general(DiagnosticCode.APPROXIMATE_MAPPING,
              "RSL 'ai-index' (AI search indexing) is prohibited as 'input'", null);
        }
      } else if (type.equals("user") && tokens.equals(Set.of("commercial"))) {
        conditions.add(new FactCondition(Fact.NONCOMMERCIAL, null));
      } else {
        report.general(DiagnosticCode.NO_EQUIVALENT,
            "RSL prohibits of type '" + type + "' (" + String.join(" ", tokens)
                + ") have no equivalent; this licence grants nothing",
            "our terms cannot state that restriction, so nothing is allowed rather than too much");
        grantsNothing = true;
      }
    }
    if (permitsIndexOnly) {
      report.general(DiagnosticCode.NO_EQUIVALENT,
          "RSL 'ai-index' alone permits AI search indexing, narrower than our 'input'; no allow is imported for it",
          null);
    }
    int paid = 0;
    for (Element payment : children(license, "payment")) {
      String type = payment.getAttribute("type").strip().toLowerCase(Locale.ROOT);
      if (type.isEmpty() || type.equals("free")) {
        continue;
      }
      if (type.equals("attribution")) {
        conditions.add(new DutyCondition(Duty.Attribution.INSTANCE, null));
      } else if (PAID_TYPES.contains(type)) {
        paid++;
        conditions.add(new DutyCondition(payment(report, content, license, payment, type, options), null));
      } else {
        report.general(DiagnosticCode.MALFORMED_SIGNAL,
            "unknown RSL payment type '" + type + "'; this licence grants nothing", null);
        grantsNothing = true;
      }
    }
    if (paid > 1) {
      report.general(DiagnosticCode.APPROXIMATE_MAPPING,
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

  private static Duty.Payment payment(
      Report report, Element content, Element license, Element payment, String type, ImportOptions options) {
    String server = firstAttribute("server", payment, license, content);
    String collective;
    if (server != null) {
      collective = hostOf(server).filter(Names::isValidCollective).orElse(options.licensorCollective());
      report.general(DiagnosticCode.APPROXIMATE_MAPPING,
          "RSL '" + type + "' payment through the licence server " + server + " becomes a payment to the collective '"
              + collective + "' (the server's host)",
          null);
    } else {
      collective = options.licensorCollective();
      report.general(DiagnosticCode.APPROXIMATE_MAPPING,
          "RSL '" + type + "' payment has no licence server; it becomes a payment to the collective '" + collective
              + "'",
          "name the payee with --licensor-collective");
    }
    Duty.Amount amount = null;
    List<Element> amounts = children(payment, "amount");
    if (!amounts.isEmpty()) {
      Element a = amounts.get(0);
      String currency = a.getAttribute("currency").strip().toUpperCase(Locale.ROOT);
      try {
        amount = new Duty.Amount(new BigDecimal(a.getTextContent().strip()), currency);
        report.general(DiagnosticCode.APPROXIMATE_MAPPING,
            "the RSL '" + type + "' amount " + amount.plainValue() + " " + currency + " becomes a price per item",
            null);
      } catch (IllegalArgumentException e) {
        report.general(DiagnosticCode.MALFORMED_SIGNAL,
            "the RSL amount '" + a.getTextContent().strip() + "' with currency '" + currency
                + "' is not a price; the payment keeps no amount",
            null);
      }
    }
    return new Duty.Payment(collective, amount);
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
      String v = e.getAttribute(name);
      if (!v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  private static String typeOf(Element e) {
    String type = e.getAttribute("type").strip().toLowerCase(Locale.ROOT);
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

  /** Expands {@code all} and {@code ai-all}, normalises {@code train-ai}, reports unknown usages. */
  private static Set<String> expandUsages(Report report, Set<String> tokens) {
    Set<String> usages = new LinkedHashSet<>();
    for (String t : tokens) {
      switch (t) {
        case "all" -> usages.addAll(List.of("ai-train", "ai-input", "ai-index", "search"));
        case "ai-all" -> usages.addAll(List.of("ai-train", "ai-input", "ai-index"));
        case "ai-train", "ai-input", "ai-index", "search" -> usages.add(t);
        case "train-ai" -> {
          usages.add("ai-train");
          report.general(DiagnosticCode.APPROXIMATE_MAPPING, "RSL usage 'train-ai' is read as 'ai-train'", null);
        }
        default -> report.general(DiagnosticCode.UNKNOWN_LABEL, "unknown RSL usage '" + t + "' is ignored", null);
      }
    }
    return usages;
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

  private static List<Element> children(Element parent, String localName) {
    List<Element> result = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        result.add(e);
      }
    }
    return result;
  }
}
