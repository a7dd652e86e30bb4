package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The rule of every web-signal importer: a signal part that is not understood grants nothing, and the result never
 * allows more than the signal. Checked as: weakening any granting part of a signal (removing it, turning it into its
 * refusal, or garbling it) or adding a refusal never makes any purpose more allowed, for every combination of facts
 * and honoured duties; and every imported terms string parses back to the imported policy.
 *
 * <p>"More allowed" is judged by the engine with its default (deny): an allow is more than an obligation, which is
 * more than a deny, and an obligation is more than another when it asks a strict subset of the other's duties.
 */
class WebSignalImportProperties {

  /**
   * One part of a signal: its text, whether it grants anything, whether removing it only removes a grant (not for a
   * refusal with exceptions, which also refuses), and weaker forms of it (its refusal, garbled forms).
   */
  record Part(String text, boolean grant, boolean removable, List<String> weaker) {
    Part(String text, boolean grant, List<String> weaker) {
      this(text, grant, true, weaker);
    }
  }

  /** One line: a fixed prefix (a directive name, or the whole line), comma-separated parts, a fixed suffix. */
  record Line(String prefix, List<Part> parts, String suffix) {
    Line(String prefix, List<Part> parts) {
      this(prefix, parts, "");
    }

    Line withParts(List<Part> newParts) {
      return new Line(prefix, newParts, suffix);
    }

    String render() {
      return prefix + parts.stream().map(Part::text).collect(Collectors.joining(", ")) + suffix;
    }
  }

  /** A signal, the options to import it with, and the refusal lines that may be added to it. */
  record Signal(ImportFormat format, List<Line> lines, ImportOptions options, List<String> refusals) {
    String render() {
      return lines.stream().map(Line::render).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
      return format + " [" + options.agent() + " " + options.path() + "]\n" + render();
    }
  }

  // ---- Generators ----

  private static Part aiprefMember(String key, String value, String param) {
    String text = key + "=" + value + param;
    if (value.equals("n") && param.startsWith(";exceptions")) {
      // A refusal with exceptions: weaker without its exceptions, or with them garbled; never by removal.
      return new Part(text, true, false,
          List.of(key + "=n", key + "=n;exceptions=CC-CR", key + "=n;exceptions=\"cc-cr\"", key + "=n;x=1",
              key + "=n;exceptions=cc-xx"));
    }
    List<String> weaker = List.of(key + "=n", key + "=maybe", key + "=\"" + value + "\"", "x" + key + "=" + value);
    // Only draft -07 labels grant with y: an allow under any other label is not understood and grants nothing.
    return new Part(text, value.equals("y") && (key.equals("train-ai") || key.equals("search")), weaker);
  }

  private static Arbitrary<Part> aiprefMembers() {
    return Combinators.combine(
        Arbitraries.of("train-ai", "search", "ai-use", "train-genai", "bots", "infer-user"),
        Arbitraries.of("y", "y", "n", "n", "\"y\"", "?1", "maybe"),
        Arbitraries.of("", "", "", ";exceptions=cc-cr", ";exceptions=cc-cr-op", ";exceptions=cc-cr-ec",
            ";exceptions=cc-cr-dc", ";exceptions=CC-CR", ";exceptions=\"cc-cr\"", ";x=1"))
        .as(WebSignalImportProperties::aiprefMember);
  }

  private static Part signalPair(String key, String value) {
    boolean grant = value.equalsIgnoreCase("yes");
    return new Part(key + "=" + value, grant, List.of(key + "=no", key + "=maybe", key + "x=" + value));
  }

  private static Arbitrary<Part> signalPairs() {
    return Combinators.combine(
        Arbitraries.of("ai-train", "ai-input", "search", "use", "AI-Train"),
        Arbitraries.of("yes", "yes", "no", "no", "YES", "maybe", "reference"))
        .as(WebSignalImportProperties::signalPair);
  }

  private static final List<String> AIPREF_REFUSALS =
      List.of("train-ai=n", "search=n", "ai-use=n", "train-genai=n");
  private static final List<String> SIGNAL_REFUSALS = List.of("ai-train=no", "ai-input=no", "search=no");

  @Provide
  Arbitrary<Signal> aiprefSignals() {
    Arbitrary<Line> line = Combinators.combine(
        Arbitraries.of("", "", "Content-Usage: "), aiprefMembers().list().ofMinSize(1).ofMaxSize(4))
        .as(Line::new);
    return line.list().ofMinSize(1).ofMaxSize(3).map(lines -> new Signal(ImportFormat.AIPREF, lines,
        ImportOptions.DEFAULTS, AIPREF_REFUSALS));
  }

  @Provide
  Arbitrary<Signal> contentSignals() {
    Arbitrary<Line> line = Combinators.combine(
        Arbitraries.of("", "Content-Signal: "), signalPairs().list().ofMinSize(1).ofMaxSize(4))
        .as(Line::new);
    Arbitrary<Boolean> grouped = Arbitraries.of(true, false);
    return Combinators.combine(line.list().ofMinSize(1).ofMaxSize(3), grouped).as((lines, inGroup) -> {
      List<Line> all = new ArrayList<>();
      if (inGroup) {
        all.add(new Line("User-agent: *", List.of()));
        lines.forEach(l -> all.add(new Line("Content-Signal: ", l.parts())));
      } else {
        all.addAll(lines);
      }
      // Bare values are read only when no line is a directive: a refusal takes the form the other lines have.
      boolean directives = all.stream().anyMatch(l -> !l.prefix().isEmpty());
      List<String> refusals = new ArrayList<>();
      SIGNAL_REFUSALS.forEach(r -> refusals.add((directives ? "Content-Signal: " : "") + r));
      return new Signal(ImportFormat.CONTENT_SIGNAL, all, ImportOptions.DEFAULTS, refusals);
    });
  }

  @Provide
  Arbitrary<Signal> robotsSignals() {
    Arbitrary<Line> usage = Combinators.combine(
        Arbitraries.of("Content-Usage: ", "Content-Usage: ", "Content-Usage: /a/ ", "Content-Usage: /never/ ",
            "Content-Usage: /*.pdf$ "),
        aiprefMembers().list().ofMinSize(1).ofMaxSize(3)).as(Line::new);
    Arbitrary<Line> signal = signalPairs().list().ofMinSize(1).ofMaxSize(3)
        .map(parts -> new Line("Content-Signal: ", parts));
    Arbitrary<Line> crawl = Arbitraries.of("Disallow: /never/", "Allow: /never/open/", "Disallow: /", "Allow: /",
        "DisallowAITraining: /", "License: https://example.com/l.xml").map(text -> new Line(text, List.of()));
    Arbitrary<Line> rule = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, usage), net.jqwik.api.Tuple.of(2, signal), net.jqwik.api.Tuple.of(2, crawl));
    Arbitrary<List<Line>> group = Combinators.combine(
        Arbitraries.of("User-agent: *", "User-agent: ExampleBot"), rule.list().ofMinSize(1).ofMaxSize(5))
        .as((agent, rules) -> {
          List<Line> lines = new ArrayList<>();
          lines.add(new Line(agent, List.of()));
          lines.addAll(rules);
          return lines;
        });
    Arbitrary<ImportOptions> options = Combinators.combine(
        Arbitraries.of("*", "ExampleBot"), Arbitraries.of("/", "/a/x", "/never/x", "/never/open/x", "/a/b.pdf"))
        .as((agent, path) -> ImportOptions.DEFAULTS.withAgent(agent).withPath(path));
    List<String> refusals = new ArrayList<>();
    AIPREF_REFUSALS.forEach(r -> refusals.add("Content-Usage: " + r));
    SIGNAL_REFUSALS.forEach(r -> refusals.add("Content-Signal: " + r));
    return Combinators.combine(group.list().ofMinSize(1).ofMaxSize(2), options).as((groups, opts) -> {
      List<Line> all = new ArrayList<>();
      groups.forEach(all::addAll);
      return new Signal(ImportFormat.ROBOTS, all, opts, refusals);
    });
  }

  @Provide
  Arbitrary<Signal> robotsTagSignals() {
    Arbitrary<Part> directive = Arbitraries.of("noai", "noimageai", "noindex", "none", "all", "index", "nofollow",
        "max-snippet: 20", "yesai", "NOAI").map(d -> new Part(d, false, List.of()));
    Arbitrary<Line> header = Combinators.combine(
        Arbitraries.of("X-Robots-Tag: ", "X-Robots-Tag: examplebot: ", "X-Robots-Tag: otherbot: ", ""),
        directive.list().ofMinSize(1).ofMaxSize(4)).as(Line::new);
    Arbitrary<Signal> headers = header.list().ofMinSize(1).ofMaxSize(3).map(lines -> new Signal(
        ImportFormat.X_ROBOTS_TAG, lines, ImportOptions.DEFAULTS, List.of("X-Robots-Tag: noai")));
    Arbitrary<Line> meta = Combinators.combine(
        Arbitraries.of("robots", "examplebot", "description", "ROBOTS"),
        directive.list().ofMinSize(1).ofMaxSize(4))
        .as((name, parts) -> new Line("<meta name=\"" + name + "\" content=\"", parts, "\">"));
    Arbitrary<Signal> html = meta.list().ofMinSize(1).ofMaxSize(3).map(lines -> new Signal(
        ImportFormat.X_ROBOTS_TAG, lines, ImportOptions.DEFAULTS.withAgent("ExampleBot"),
        List.of("<meta name=\"robots\" content=\"noai\">")));
    return Arbitraries.oneOf(headers, html);
  }

  // ---- Properties ----

  @Property(tries = 250)
  void aipref_weakeningAnyGrantOrAddingARefusal_neverAllowsMore(
      @ForAll("aiprefSignals") Signal signal, @ForAll @IntRange(min = 0, max = 999) int pick,
      @ForAll @IntRange(min = 0, max = 5) int how) {
    checkWeakening(signal, pick, how);
  }

  @Property(tries = 250)
  void contentSignal_weakeningAnyGrantOrAddingARefusal_neverAllowsMore(
      @ForAll("contentSignals") Signal signal, @ForAll @IntRange(min = 0, max = 999) int pick,
      @ForAll @IntRange(min = 0, max = 5) int how) {
    checkWeakening(signal, pick, how);
  }

  @Property(tries = 250)
  void robots_weakeningAnyGrantOrAddingARefusal_neverAllowsMore(
      @ForAll("robotsSignals") Signal signal, @ForAll @IntRange(min = 0, max = 999) int pick,
      @ForAll @IntRange(min = 0, max = 5) int how) {
    checkWeakening(signal, pick, how);
  }

  @Property(tries = 200)
  void aipref_addedRefusal_winsForEveryPurposeWithinIt(@ForAll("aiprefSignals") Signal signal,
      @ForAll @IntRange(min = 0, max = 999) int pick) {
    checkRefusalWins(signal, pick);
  }

  @Property(tries = 200)
  void contentSignal_addedRefusal_winsForEveryPurposeWithinIt(@ForAll("contentSignals") Signal signal,
      @ForAll @IntRange(min = 0, max = 999) int pick) {
    checkRefusalWins(signal, pick);
  }

  @Property(tries = 200)
  void robots_addedContentSignalRefusal_winsForEveryPurposeWithinIt(@ForAll("robotsSignals") Signal signal,
      @ForAll @IntRange(min = 0, max = 999) int pick) {
    checkRefusalWins(signal, pick);
  }

  @Property(tries = 150)
  void xRobotsTag_anySignal_neverAllowsAnything(
      @ForAll("robotsTagSignals") Signal signal, @ForAll @IntRange(min = 0, max = 999) int pick) {
    ImportResult r = importChecked(signal.format(), signal.render(), signal.options());
    r.policy().ifPresent(policy -> {
      for (Purpose purpose : Purpose.values()) {
        for (Set<Fact> facts : FACT_SETS) {
          for (Set<ObligationType> honoured : HONOURED_SETS) {
            Decision d = decide(r.terms().orElseThrow(), purpose, facts, honoured);
            assertInstanceOf(Decision.Deny.class, d, signal + "\n-> " + r.terms().get() + " for " + purpose);
          }
        }
      }
    });
    // Removing any directive never adds a clause either.
    List<Line> lines = new ArrayList<>(signal.lines());
    int i = pick % lines.size();
    Line line = lines.get(i);
    if (!line.parts().isEmpty()) {
      List<Part> parts = new ArrayList<>(line.parts());
      parts.remove(pick % parts.size());
      lines.set(i, line.withParts(parts));
      Signal weaker = new Signal(signal.format(), lines, signal.options(), signal.refusals());
      ImportResult w = importChecked(weaker.format(), weaker.render(), weaker.options());
      assertTrue(w.policy().map(p -> p.clauses().size()).orElse(0) <= r.policy().map(p -> p.clauses().size())
          .orElse(0) || r.policy().isEmpty() == w.policy().isEmpty(), weaker.toString());
    }
  }

  // ---- Checking ----

  /** The refusals that always combine with the rest of a signal (never shadowed), and what they refuse. */
  private static final java.util.Map<String, Purpose> ALWAYS_COMBINED = java.util.Map.of(
      "train-ai=n", Purpose.TRAIN_GENAI, "search=n", Purpose.SEARCH, "ai-use=n", Purpose.INPUT,
      "train-genai=n", Purpose.TRAIN_GENAI, "ai-train=no", Purpose.TRAIN, "ai-input=no", Purpose.INPUT,
      "search=no", Purpose.SEARCH);

  /**
   * Adds a refusal where it combines with everything the signal says (a statement of its own; in robots.txt a
   * Content-Signal line in every group) and checks that every purpose within the refused one is then refused.
   */
  private static void checkRefusalWins(Signal signal, int pick) {
    List<String> candidates = signal.format() == ImportFormat.ROBOTS
        ? List.of("ai-train=no", "ai-input=no", "search=no") : ALWAYS_COMBINED.keySet().stream().sorted()
            .filter(r -> signal.refusals().stream().anyMatch(x -> x.endsWith(r))).toList();
    String value = candidates.get(pick % candidates.size());
    String refusal = signal.refusals().stream().filter(x -> x.endsWith(value)).findFirst().orElseThrow();
    List<Line> lines = new ArrayList<>();
    for (Line line : signal.lines()) {
      lines.add(line);
      if (signal.format() == ImportFormat.ROBOTS && line.prefix().startsWith("User-agent")) {
        lines.add(new Line(refusal, List.of()));
      }
    }
    if (signal.format() != ImportFormat.ROBOTS) {
      lines.add(new Line(refusal, List.of()));
    }
    Signal stronger = new Signal(signal.format(), lines, signal.options(), signal.refusals());
    ImportResult r = importChecked(stronger.format(), stronger.render(), stronger.options());
    Purpose refused = ALWAYS_COMBINED.get(value);
    for (Purpose purpose : Purpose.values()) {
      if (!purpose.isWithin(refused)) {
        continue;
      }
      for (Set<Fact> facts : FACT_SETS) {
        for (Set<ObligationType> honoured : HONOURED_SETS) {
          Decision d = decide(r.terms().orElse(null), purpose, facts, honoured);
          assertInstanceOf(Decision.Deny.class, d,
              stronger + "\n-> " + r.terms() + ": " + purpose.word() + " is not refused");
        }
      }
    }
  }

  private static final PolicyEngine ENGINE = PolicyEngine.builder().executor(Runnable::run).build();
  private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
  private static final List<Set<Fact>> FACT_SETS = List.of(Set.of(), Set.of(Fact.OPEN_WEIGHTS),
      Set.of(Fact.NONCOMMERCIAL), Set.of(Fact.OPEN_WEIGHTS, Fact.NONCOMMERCIAL));
  private static final List<Set<ObligationType>> HONOURED_SETS =
      List.of(Set.of(), EnumSet.allOf(ObligationType.class));

  /**
   * Weakens one granting part ({@code how} 0: remove it; 1-4: one of its weaker forms) or, when the signal has no
   * granting part or {@code how} is 5, adds a refusal; then compares every decision.
   */
  private static void checkWeakening(Signal signal, int pick, int how) {
    List<int[]> grants = new ArrayList<>();
    for (int i = 0; i < signal.lines().size(); i++) {
      List<Part> parts = signal.lines().get(i).parts();
      for (int j = 0; j < parts.size(); j++) {
        if (parts.get(j).grant()) {
          grants.add(new int[] {i, j});
        }
      }
    }
    List<Line> lines = new ArrayList<>(signal.lines());
    if (grants.isEmpty() || how == 5) {
      String refusal = signal.refusals().get(pick % signal.refusals().size());
      lines.add(new Line(refusal, List.of()));
    } else {
      int[] at = grants.get(pick % grants.size());
      Line line = lines.get(at[0]);
      List<Part> parts = new ArrayList<>(line.parts());
      Part part = parts.get(at[1]);
      if (how == 0 && part.removable()) {
        parts.remove(at[1]);
      } else {
        String weaker = part.weaker().get(Math.max(0, how - 1) % part.weaker().size());
        parts.set(at[1], new Part(weaker, false, List.of()));
      }
      lines.set(at[0], line.withParts(parts));
    }
    Signal weaker = new Signal(signal.format(), lines, signal.options(), signal.refusals());
    ImportResult original = importChecked(signal.format(), signal.render(), signal.options());
    ImportResult weakened = importChecked(weaker.format(), weaker.render(), weaker.options());
    for (Purpose purpose : Purpose.values()) {
      for (Set<Fact> facts : FACT_SETS) {
        for (Set<ObligationType> honoured : HONOURED_SETS) {
          Decision before = decide(original.terms().orElse(null), purpose, facts, honoured);
          Decision after = decide(weakened.terms().orElse(null), purpose, facts, honoured);
          assertFalse(moreAllowed(after, before),
              "weakening\n" + signal + "\ninto\n" + weaker.render() + "\nmade " + purpose.word() + " (facts "
                  + facts + ", honoured " + honoured + ") " + after + " from " + before + "; terms "
                  + original.terms() + " -> " + weakened.terms());
        }
      }
    }
  }

  /** Imports, and checks the invariants every import keeps: terms parse back to the policy; no internal error. */
  private static ImportResult importChecked(ImportFormat format, String input, ImportOptions options) {
    ImportResult r = Interop.importFrom(format, input, options);
    assertFalse(r.report().stream().anyMatch(d -> d.code() == dev.flywheel.policy.DiagnosticCode.INTERNAL_ERROR),
        input + ": " + r.report());
    r.policy().ifPresent(policy -> {
      var parsed = TermsParser.withDefaults().parse(r.terms().orElseThrow());
      assertTrue(parsed.isValid(), r.terms().get() + ": " + parsed.diagnostics());
      assertEquals(policy, parsed.policy().orElseThrow(), r.terms().get());
    });
    return r;
  }

  private static Decision decide(String terms, Purpose purpose, Set<Fact> facts, Set<ObligationType> honoured) {
    // No terms: the engine's default, as for any item no statement covers.
    return ENGINE.decide(terms == null ? "deny any" : terms, new Request(purpose, facts, AT, honoured));
  }

  /** True when {@code a} allows more than {@code b}. */
  static boolean moreAllowed(Decision a, Decision b) {
    int rankA = rank(a);
    int rankB = rank(b);
    if (rankA != rankB) {
      return rankA > rankB;
    }
    if (a instanceof Decision.Obligation && b instanceof Decision.Obligation) {
      Set<Duty> dutiesA = new HashSet<>(a.obligations());
      Set<Duty> dutiesB = new HashSet<>(b.obligations());
      return dutiesB.containsAll(dutiesA) && !dutiesA.containsAll(dutiesB);
    }
    return false;
  }

  private static int rank(Decision d) {
    return d instanceof Decision.Allow ? 2 : d instanceof Decision.Obligation ? 1 : 0;
  }
}
