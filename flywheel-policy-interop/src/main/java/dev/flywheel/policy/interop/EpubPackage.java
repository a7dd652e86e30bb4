package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.interop.XmlTree.Element;
import dev.flywheel.policy.interop.XmlTree.Parsed;
import java.util.Optional;

/**
 * TDMRep in the metadata of an EPUB package document (the OPF file): EPUB 3
 * {@code <meta property="tdm:reservation">1</meta>} and {@code <meta property="tdm:policy">URL</meta>}, and the
 * EPUB 2 form {@code <meta name="tdm:reservation" content="1"/>}. The values mean what they mean in the other TDMRep
 * sources ({@link Tdmrep}): 1 reserves every AI use of ours, 0 reserves nothing, anything else is unset, and any
 * reservation stated in the package stands whatever else it states.
 *
 * <p>The package is parsed by {@link XmlTree} (no DTD, no entities). Only {@code meta} elements of the OPF namespace
 * inside the package's {@code metadata} are read. The {@code tdm:} prefix is read as TDMRep's whether or not the
 * package declares it: honouring a reservation that might not be TDMRep's can only grant less.
 */
final class EpubPackage {
  private EpubPackage() {}

  /** The namespace of the EPUB package document (EPUB 2 and 3). */
  static final String OPF_NAMESPACE = "http://www.idpf.org/2007/opf";

  /**
   * True when {@code text} (without a byte order mark, stripped) starts with a {@code package} element, possibly
   * prefixed ({@code opf:package}), after an XML declaration, comments and a document type declaration (which is
   * then refused when the package is parsed).
   */
  static boolean looksLikePackage(String text) {
    int i = 0;
    int n = Math.min(text.length(), 4096);
    while (i < n) {
      if (Character.isWhitespace(text.charAt(i))) {
        i++;
      } else if (text.startsWith("<?", i)) {
        int end = text.indexOf("?>", i);
        i = end < 0 ? n : end + 2;
      } else if (text.startsWith("<!--", i)) {
        int end = text.indexOf("-->", i + 4);
        i = end < 0 ? n : end + 3;
      } else if (text.startsWith("<!DOCTYPE", i)) {
        int gt = text.indexOf('>', i);
        int bracket = text.indexOf('[', i);
        boolean subset = bracket >= 0 && (gt < 0 || bracket < gt);
        int end = subset ? text.indexOf("]>", bracket) : gt;
        i = end < 0 ? n : end + (subset ? 2 : 1);
      } else {
        break;
      }
    }
    if (i >= n || text.charAt(i) != '<') {
      return false;
    }
    int nameEnd = i + 1;
    while (nameEnd < text.length() && !Character.isWhitespace(text.charAt(nameEnd))
        && text.charAt(nameEnd) != '>' && text.charAt(nameEnd) != '/') {
      nameEnd++;
    }
    String name = text.substring(i + 1, nameEnd);
    return name.equals("package") || name.endsWith(":package");
  }

  static ImportResult importPackage(String input) {
    SourceText source = new SourceText(input);
    Report report = new Report(source);
    Parsed parsed = XmlTree.parse(input);
    if (parsed instanceof Parsed.Failure failure) {
      if (failure.doctype()) {
        report.at(DiagnosticCode.FORBIDDEN_XML, failure.index(), failure.index(),
            "the EPUB package document has a DOCTYPE, which is refused",
            "remove the DOCTYPE: a package document needs no DTD, and DTDs can read files or expand entities");
      } else {
        report.at(DiagnosticCode.MALFORMED_XML, failure.index(), failure.index() + 1,
            "the EPUB package document is not well-formed XML: " + failure.message(), null);
      }
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    Element root = ((Parsed.Tree) parsed).root();
    if (!root.namespace().equals(OPF_NAMESPACE) || !root.localName().equals("package")) {
      report.at(DiagnosticCode.MALFORMED_XML, root.start(), root.startTagEnd(),
          "the root element is <" + root.displayName() + ">, not the EPUB package document's <package> in "
              + OPF_NAMESPACE, "write <package xmlns=\"" + OPF_NAMESPACE + "\" ...>");
      return new ImportResult(Optional.empty(), report.diagnostics());
    }
    Tdmrep.Statement stated = null;
    boolean policy = false;
    for (Element metadata : root.children(OPF_NAMESPACE, "metadata")) {
      for (Element meta : metadata.children(OPF_NAMESPACE, "meta")) {
        String property = meta.attribute("property").strip();
        String name = meta.attribute("name").strip();
        String term = !property.isEmpty() ? property : name;
        String value = !property.isEmpty() ? meta.textContent().strip() : meta.attribute("content").strip();
        if (term.equals("tdm:reservation")) {
          Tdmrep.Statement next = new Tdmrep.Statement(value, Tdmrep.parseReservation(value),
              new int[] {meta.start(), meta.startTagEnd()});
          if (stated != null) {
            report.at(DiagnosticCode.DUPLICATE_LABEL, meta.start(), meta.startTagEnd(),
                "tdm:reservation is stated again; a reservation (1) stated anywhere stands", null);
          }
          stated = Tdmrep.Statement.strongest(stated, next);
        } else if (term.equals("tdm:policy")) {
          policy = true;
        }
      }
    }
    return Tdmrep.finishSimple(report, stated, policy);
  }
}
