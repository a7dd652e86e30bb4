package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The rule every importer of document signals keeps: a signal that grants less never imports as more. Each property
 * builds a signal, weakens it (removes a permission, adds a refusal, a duty, a restriction or a reservation, or makes a
 * part unreadable) and checks, for every purpose, that the weakened signal's decision is no more allowing than the
 * original's (allow > obligation > nothing said > deny), and that every imported terms string parses. Decisions are
 * taken for a consumer for whom every fact holds, so an allow under a fact (RSL's non-commercial users) counts as
 * the grant it is, not as a refusal.
 */
class DocumentSignalImportProperties {

  private static final String NS = "https://rslstandard.org/rsl";

  /** How allowing an outcome is: higher is more. "Nothing said" is above deny: the default could allow. */
  private static int rank(Outcome outcome) {
    return switch (outcome) {
      case DENY -> 0;
      case NONE -> 1;
      case OBLIGATION -> 2;
      case ALLOW -> 3;
    };
  }

  private static Map<Purpose, Outcome> outcomes(ImportResult r) {
    r.terms().ifPresent(terms -> assertTrue(TermsParser.withDefaults().parse(terms).isValid(),
        "imported terms do not parse: " + terms));
    if (r.policy().isEmpty()) {
      Map<Purpose, Outcome> none = new EnumMap<>(Purpose.class);
      for (Purpose p : Purpose.values()) {
        none.put(p, Outcome.NONE);
      }
      return none;
    }
    Map<Purpose, Outcome> result = new EnumMap<>(Purpose.class);
    for (Purpose p : Purpose.values()) {
      result.put(p, Fixtures.verdict(r.policy().get(), p, Fact.values()).outcome());
    }
    return result;
  }

  private static void assertNoMoreAllowed(ImportResult original, ImportResult weakened, String what) {
    Map<Purpose, Outcome> before = outcomes(original);
    Map<Purpose, Outcome> after = outcomes(weakened);
    for (Purpose p : Purpose.values()) {
      assertTrue(rank(after.get(p)) <= rank(before.get(p)),
          what + ": " + p.word() + " was " + before.get(p) + " (" + original.terms() + "), became " + after.get(p)
              + " (" + weakened.terms() + ")");
    }
  }

  // ---------------------------------------------------------------- RSL

  /** One RSL licence, as lists of parts that render to XML. */
  record Licence(List<String> permits, List<String> prohibits, List<String> payments, List<String> extra) {
    Licence with(List<String> newPermits, List<String> newProhibits, List<String> newPayments, List<String> newExtra) {
      return new Licence(newPermits, newProhibits, newPayments, newExtra);
    }

    String xml(String prefix) {
      StringBuilder out = new StringBuilder("<" + prefix + "license>");
      if (!permits.isEmpty()) {
        out.append("<").append(prefix).append("permits type=\"usage\">").append(String.join(", ", permits))
            .append("</").append(prefix).append("permits>");
      }
      if (!prohibits.isEmpty()) {
        out.append("<").append(prefix).append("prohibits type=\"usage\">").append(String.join(" ", prohibits))
            .append("</").append(prefix).append("prohibits>");
      }
      for (String payment : payments) {
        out.append(payment.replace("PFX:", prefix));
      }
      for (String e : extra) {
        out.append(e.replace("PFX:", prefix));
      }
      return out.append("</").append(prefix).append("license>").toString();
    }
  }

  /** A signal of contents (url and licence), rendered as a licence file, an HTML page or an RSS feed. */
  record RslSignal(List<String> urls, List<Licence> licences, int container) {
    String render() {
      String prefix = container == 2 ? "rsl:" : "";
      StringBuilder contents = new StringBuilder();
      for (int i = 0; i < urls.size(); i++) {
        contents.append("<").append(prefix).append("content url=\"").append(urls.get(i)).append("\">")
            .append(licences.get(i).xml(prefix)).append("</").append(prefix).append("content>\n");
      }
      return switch (container) {
        case 0 -> "<rsl xmlns=\"" + NS + "\">\n" + contents + "</rsl>\n";
        case 1 -> "<!DOCTYPE html>\n<html><head><script type=\"application/rsl+xml\">\n<rsl xmlns=\"" + NS + "\">\n"
            + contents + "</rsl>\n</script></head><body></body></html>\n";
        default -> "<rss version=\"2.0\" xmlns:rsl=\"" + NS + "\"><channel><item>\n" + contents
            + "</item></channel></rss>\n";
      };
    }

    RslSignal withLicence(int index, Licence licence) {
      List<Licence> changed = new ArrayList<>(licences);
      changed.set(index, licence);
      return new RslSignal(urls, changed, container);
    }
  }

  private static final List<String> USAGES =
      List.of("all", "ai-all", "ai-train", "ai-input", "ai-index", "search", "train-ai");
  private static final List<String> PAYMENTS = List.of(
      "<PFX:payment type=\"free\"/>",
      "<PFX:payment type=\"attribution\"/>",
      "<PFX:payment type=\"subscription\"/>",
      "<PFX:payment type=\"royalty\" server=\"https://rslcollective.org/api\"/>",
      "<PFX:payment type=\"crawl\"><PFX:amount currency=\"USD\">0.001</PFX:amount></PFX:payment>",
      "<PFX:payment type=\"use\"><PFX:amount currency=\"EUR\">0.0000000000125</PFX:amount></PFX:payment>");
  private static final List<String> EXTRAS = List.of(
      "<PFX:permits type=\"user\">non-commercial</PFX:permits>",
      "<PFX:prohibits type=\"user\">commercial</PFX:prohibits>",
      "<PFX:permits type=\"user\">education personal</PFX:permits>");

  @Provide
  Arbitrary<Licence> licences() {
    return Combinators.combine(
        Arbitraries.of(USAGES).list().ofMaxSize(3),
        Arbitraries.of(USAGES).list().ofMaxSize(2),
        Arbitraries.of(PAYMENTS).list().ofMaxSize(2),
        Arbitraries.of(EXTRAS).list().ofMaxSize(1)).as(Licence::new);
  }

  @Provide
  Arbitrary<RslSignal> rslSignals() {
    Arbitrary<List<String>> urls = Arbitraries.of("/", "/a/", "https://example.com/%61/b", "/*.pdf$", "/c")
        .list().ofMinSize(1).ofMaxSize(3).uniqueElements();
    return urls.flatMap(u -> Combinators.combine(licences().list().ofSize(u.size()), Arbitraries.integers()
        .between(0, 2)).as((l, c) -> new RslSignal(u, l, c)));
  }

  /** The ways of granting less within one licence. */
  enum RslWeakening {
    REMOVE_PERMITTED_USAGE, ADD_PROHIBITED_USAGE, ADD_PAID_PAYMENT, ADD_GEO_RESTRICTION, UNKNOWN_USAGE,
    FOREIGN_NAMESPACE_PERMITS, HUGE_AMOUNT, MALFORMED_AMOUNT
  }

  private static Licence weaken(Licence l, RslWeakening how, int pick, String usage) {
    List<String> permits = new ArrayList<>(l.permits());
    List<String> prohibits = new ArrayList<>(l.prohibits());
    List<String> payments = new ArrayList<>(l.payments());
    List<String> extra = new ArrayList<>(l.extra());
    switch (how) {
      case REMOVE_PERMITTED_USAGE -> {
        if (!permits.isEmpty()) {
          permits.remove(pick % permits.size());
        }
      }
      case ADD_PROHIBITED_USAGE -> prohibits.add(usage);
      case ADD_PAID_PAYMENT -> payments.add("<PFX:payment type=\"purchase\"/>");
      case ADD_GEO_RESTRICTION -> extra.add("<PFX:permits type=\"geo\">US</PFX:permits>");
      case UNKNOWN_USAGE -> {
        if (!permits.isEmpty()) {
          permits.set(pick % permits.size(), "bogus-usage");
        }
      }
      case FOREIGN_NAMESPACE_PERMITS -> {
        if (!permits.isEmpty()) {
          extra.add("<x:permits xmlns:x=\"urn:other\" type=\"usage\">" + String.join(" ", permits) + "</x:permits>");
          permits.clear();
        }
      }
      case HUGE_AMOUNT -> payments.add("<PFX:payment type=\"use\"><PFX:amount currency=\"USD\">" + "9".repeat(5000)
          + "</PFX:amount></PFX:payment>");
      case MALFORMED_AMOUNT -> payments.add(
          "<PFX:payment type=\"use\"><PFX:amount currency=\"USD\">1e3</PFX:amount></PFX:payment>");
    }
    return l.with(permits, prohibits, payments, extra);
  }

  @Property(tries = 400)
  void rslImport_weakenedLicence_neverMoreAllowed(
      @ForAll("rslSignals") RslSignal signal, @ForAll RslWeakening how, @ForAll("picks") int pick,
      @ForAll("usages") String usage, @ForAll("paths") String path) {
    int index = pick % signal.licences().size();
    RslSignal weakened = signal.withLicence(index, weaken(signal.licences().get(index), how, pick, usage));
    ImportOptions options = ImportOptions.DEFAULTS.withPath(path);
    ImportResult original = Interop.importFrom(ImportFormat.RSL, signal.render(), options);
    ImportResult after = Interop.importFrom(ImportFormat.RSL, weakened.render(), options);
    assertFalse(original.hasErrors(), original.report().toString());
    assertNoMoreAllowed(original, after, how + " on " + signal.render() + " at " + path);
  }

  @Property(tries = 200)
  void rslImport_removingWholeLicenceOfOnlyPermissions_neverMoreAllowed(
      @ForAll("rslSignals") RslSignal signal, @ForAll("picks") int pick, @ForAll("paths") String path) {
    int index = pick % signal.licences().size();
    Licence l = signal.licences().get(index);
    RslSignal weakened = signal.withLicence(index, l.with(List.of(), l.prohibits(), l.payments(), l.extra()));
    ImportOptions options = ImportOptions.DEFAULTS.withPath(path);
    assertNoMoreAllowed(Interop.importFrom(ImportFormat.RSL, signal.render(), options),
        Interop.importFrom(ImportFormat.RSL, weakened.render(), options), signal.render());
  }

  @Provide
  Arbitrary<Integer> picks() {
    return Arbitraries.integers().between(0, 1000);
  }

  @Provide
  Arbitrary<String> usages() {
    return Arbitraries.of(USAGES);
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("/", "/a/x", "/%61/b", "/a/b/c.pdf", "/c", "/%63/d", "/z");
  }

  // ---------------------------------------------------------------- TDMRep

  /**
   * One TDMRep rule: a location and a reservation value as written ({@code 1}, {@code 0}, a malformed one, or empty
   * for none).
   */
  record Rule(String location, String reservation) {}

  /** A TDMRep signal, rendered as tdmrep.json, header lines, HTML meta tags or EPUB package metadata. */
  record TdmSignal(List<Rule> rules, int form) {
    String render() {
      return switch (form) {
        case 0 -> json();
        case 1 -> lines("tdm-reservation: %s\n");
        case 2 -> "<html><head>" + lines("<meta name=\"tdm-reservation\" content=\"%s\">") + "</head></html>";
        default -> "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata>"
            + lines("<meta property=\"tdm:reservation\">%s</meta>") + "</metadata></package>";
      };
    }

    private String json() {
      List<String> items = new ArrayList<>();
      for (Rule r : rules) {
        items.add("{\"location\": \"" + r.location() + "\""
            + (r.reservation().isEmpty() ? "" : ", \"tdm-reservation\": " + r.reservation()) + "}");
      }
      return "[" + String.join(", ", items) + "]";
    }

    /** Header, meta and EPUB forms state one reservation for the whole resource: locations do not apply. */
    private String lines(String format) {
      StringBuilder out = new StringBuilder();
      for (Rule r : rules) {
        if (!r.reservation().isEmpty()) {
          out.append(String.format(format, r.reservation()));
        }
      }
      return out.toString();
    }
  }

  @Provide
  Arbitrary<TdmSignal> tdmSignals() {
    Arbitrary<Rule> rule = Combinators.combine(
        Arbitraries.of("/", "/a/*", "/%61/", "/b$", "*.pdf"),
        Arbitraries.of("1", "0", "2", "\"1\"", "")).as(Rule::new);
    return Combinators.combine(rule.list().ofMinSize(1).ofMaxSize(4), Arbitraries.integers().between(0, 3))
        .as(TdmSignal::new);
  }

  /** The ways of reserving more: a value becomes 1, or a reserving rule or statement is added anywhere. */
  enum TdmWeakening { VALUE_TO_RESERVED, INSERT_RESERVING_RULE }

  @Property(tries = 400)
  void tdmrepImport_moreReserved_neverMoreAllowed(
      @ForAll("tdmSignals") TdmSignal signal, @ForAll TdmWeakening how, @ForAll("picks") int pick,
      @ForAll("paths") String path) {
    List<Rule> rules = new ArrayList<>(signal.rules());
    int index = pick % (rules.size() + (how == TdmWeakening.INSERT_RESERVING_RULE ? 1 : 0));
    if (how == TdmWeakening.VALUE_TO_RESERVED) {
      rules.set(index, new Rule(rules.get(index).location(), "1"));
    } else {
      rules.add(index, new Rule(List.of("/", "/a/*", "/%61/", "/z").get(pick % 4), "1"));
    }
    TdmSignal weakened = new TdmSignal(rules, signal.form());
    ImportOptions options = ImportOptions.DEFAULTS.withPath(path);
    ImportResult original = Interop.importFrom(ImportFormat.TDMREP, signal.render(), options);
    ImportResult after = Interop.importFrom(ImportFormat.TDMREP, weakened.render(), options);
    assertFalse(original.hasErrors(), original.report().toString());
    assertNoMoreAllowed(original, after, how + " on " + signal.render() + " at " + path);
  }
}
