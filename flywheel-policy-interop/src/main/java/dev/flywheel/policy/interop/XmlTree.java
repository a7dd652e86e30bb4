package dev.flywheel.policy.interop;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A namespace-aware XML element tree that remembers where each element starts in the source text, for importers
 * that must name a position in every diagnostic (the DOM keeps none).
 *
 * <p>Parsing is secure: a DOCTYPE is refused (so no DTD, no entity expansion, no external entity can read a file or
 * the network), XInclude is off and JAXP's secure processing limits apply. A leading byte order mark (U+FEFF), which
 * XML allows, is skipped; positions still count it, so they point into the text as given.
 */
final class XmlTree {
  private XmlTree() {}

  /**
   * One element.
   *
   * @param namespace the namespace URI, empty when the element has none
   * @param localName the local name
   * @param attributes the attributes without a namespace prefix, by local name
   * @param start the UTF-16 index of the element's {@code <} in the source text
   * @param startTagEnd the UTF-16 index just after the {@code >} of the element's start tag
   * @param children the child elements in document order
   * @param text the element's own character data (not its descendants'), in document order
   */
  record Element(
      String namespace, String localName, Map<String, String> attributes, int start, int startTagEnd,
      List<Element> children,
      StringBuilder text) {

    /** The attribute's value, or the empty string when absent. */
    String attribute(String name) {
      return attributes.getOrDefault(name, "");
    }

    /** The child elements named {@code localName} in {@code namespaceUri}. */
    List<Element> children(String namespaceUri, String name) {
      List<Element> result = new ArrayList<>();
      for (Element child : children) {
        if (child.namespace.equals(namespaceUri) && child.localName.equals(name)) {
          result.add(child);
        }
      }
      return result;
    }

    /** Every descendant element named {@code localName} in {@code namespaceUri}, in document order. */
    List<Element> descendants(String namespaceUri, String name) {
      List<Element> result = new ArrayList<>();
      Deque<Element> stack = new ArrayDeque<>();
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
      while (!stack.isEmpty()) {
        Element e = stack.pop();
        if (e.namespace.equals(namespaceUri) && e.localName.equals(name)) {
          result.add(e);
        }
        for (int i = e.children.size() - 1; i >= 0; i--) {
          stack.push(e.children.get(i));
        }
      }
      return result;
    }

    /**
     * The text content: this element's and its descendants' character data in document order. Built on demand and
     * iteratively, so a deep tree costs its size once, never its size times its depth.
     */
    String textContent() {
      if (children.isEmpty()) {
        return text.toString();
      }
      StringBuilder out = new StringBuilder();
      Deque<Element> stack = new ArrayDeque<>();
      stack.push(this);
      while (!stack.isEmpty()) {
        Element e = stack.pop();
        // An element's own character data comes before its children's, separated by a space: the importers read
        // token lists or single values, where this keeps every token whole and makes mixed content fail to parse
        // as a single value rather than merge into another one.
        out.append(e.text).append(' ');
        for (int i = e.children.size() - 1; i >= 0; i--) {
          stack.push(e.children.get(i));
        }
      }
      return out.toString();
    }

    /** The qualified name as written for messages: {@code {namespace}local}, or {@code local} without one. */
    String displayName() {
      return namespace.isEmpty() ? localName : "{" + namespace + "}" + localName;
    }
  }

  /** The result of a parse: the root element, or the parser's failure and the index it points at. */
  sealed interface Parsed permits Parsed.Tree, Parsed.Failure {
    /** A well-formed document. */
    record Tree(Element root) implements Parsed {}

    /**
     * A document that could not be read.
     *
     * @param doctype true when the failure is a refused DOCTYPE
     * @param index the UTF-16 index in the source text the parser stopped at
     * @param message the parser's message
     */
    record Failure(boolean doctype, int index, String message) implements Parsed {}
  }

  /** Parses {@code text}; never throws because of the input. */
  static Parsed parse(String text) {
    return parse(text, 0);
  }

  /**
   * Parses {@code text}, a part of a larger source that starts at UTF-16 index {@code offset} there (an XML document
   * embedded in an HTML page); every index in the result is an index in the larger source.
   */
  static Parsed parse(String text, int offset) {
    int base = offset + (!text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0);
    String body = text.substring(base - offset);
    Builder builder = new Builder(body, base);
    try {
      XMLReader reader = FACTORY.get().newSAXParser().getXMLReader();
      reader.setContentHandler(builder);
      reader.setErrorHandler(builder);
      reader.parse(new InputSource(new StringReader(body)));
    } catch (SAXParseException e) {
      String message = e.getMessage() == null ? "parse error" : e.getMessage();
      int index = base + indexOf(body, e.getLineNumber(), e.getColumnNumber());
      return new Parsed.Failure(message.contains("DOCTYPE"), index, message);
    } catch (SAXException | IOException | ParserConfigurationException e) {
      return new Parsed.Failure(false, base, String.valueOf(e.getMessage()));
    }
    return builder.root == null ? new Parsed.Failure(false, base, "no root element") : new Parsed.Tree(builder.root);
  }

  /**
   * One configured factory per thread: creating and configuring a factory costs more than a small parse, and JAXP
   * does not promise that a factory is thread-safe.
   */
  private static final ThreadLocal<SAXParserFactory> FACTORY = ThreadLocal.withInitial(() -> {
    try {
      return secureFactory();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the XML parser cannot be configured securely", e);
    }
  });

  private static SAXParserFactory secureFactory() throws ParserConfigurationException, SAXException {
    SAXParserFactory f = SAXParserFactory.newInstance();
    f.setNamespaceAware(true);
    f.setValidating(false);
    f.setXIncludeAware(false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f;
  }

  /**
   * The UTF-16 index of a 1-based line and column as the XML parser counts them (clamped into the text). The parser
   * ends a line at LF, CRLF or a lone CR, as XML's end-of-line handling does.
   */
  static int indexOf(String text, int line, int column) {
    int index = 0;
    int currentLine = 1;
    int n = text.length();
    while (currentLine < line && index < n) {
      char c = text.charAt(index++);
      if (c == '\n' || (c == '\r' && !(index < n && text.charAt(index) == '\n'))) {
        currentLine++;
      }
    }
    return Math.max(0, Math.min(n, index + Math.max(0, column - 1)));
  }

  /** Builds the tree; each element's start is found from the locator, which stands just after its start tag. */
  private static final class Builder extends DefaultHandler {
    private final String body;
    private final int offset;
    private final Deque<Element> open = new ArrayDeque<>();
    private Locator locator;
    private Element root;
    /** Line starts, so a locator position maps to an index in constant time after one linear pass. */
    private final int[] lineStart;

    Builder(String body, int offset) {
      this.body = body;
      this.offset = offset;
      List<Integer> starts = new ArrayList<>();
      starts.add(0);
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c == '\n' || (c == '\r' && !(i + 1 < body.length() && body.charAt(i + 1) == '\n'))) {
          starts.add(i + 1);
        }
      }
      lineStart = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attrs) {
      Map<String, String> attributes = new HashMap<>();
      for (int i = 0; i < attrs.getLength(); i++) {
        if (attrs.getURI(i).isEmpty()) {
          attributes.put(attrs.getLocalName(i), attrs.getValue(i));
        }
      }
      int after = afterTag();
      Element e = new Element(uri == null ? "" : uri, localName, Map.copyOf(attributes),
          offset + Math.max(0, body.lastIndexOf('<', Math.max(0, after - 1))), offset + after, new ArrayList<>(),
          new StringBuilder());
      if (open.isEmpty()) {
        root = e;
      } else {
        open.peek().children().add(e);
      }
      open.push(e);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      open.pop();
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (!open.isEmpty()) {
        open.peek().text().append(ch, start, length);
      }
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }

    /**
     * The index just after the start tag the parser has just read, where the locator stands. Its {@code <} is the
     * last one before: an attribute value cannot hold a literal {@code <}, so finding it costs the tag's length.
     */
    private int afterTag() {
      if (locator == null || locator.getLineNumber() < 1) {
        return 0;
      }
      int line = Math.min(locator.getLineNumber(), lineStart.length);
      return Math.min(body.length(), lineStart[line - 1] + Math.max(0, locator.getColumnNumber() - 1));
    }
  }
}
