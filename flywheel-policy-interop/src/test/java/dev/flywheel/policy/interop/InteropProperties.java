package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class InteropProperties {

  private static final List<String> FRAGMENTS = List.of(
      "train-ai", "search", "=", "y", "n", "yes", "no", ",", ";", " ", "\n", "\"", "?1", "(", ")", "ai-train",
      "ai-input", "Content-Usage:", "Content-Signal:", "User-Agent:", "*", "/", "Disallow:", "exceptions=cc-cr",
      "<rsl>", "</rsl>", "<content url=\"/\">", "</content>", "<license>", "</license>", "<permits>", "</permits>",
      "<prohibits>", "</prohibits>", "ai-all", "<payment type=\"royalty\">", "</payment>", "<!DOCTYPE x>", "&x;",
      "[", "]", "{", "}", "\"location\":", "\"tdm-reservation\":", "1", "0", "<meta name=\"tdm-reservation\"",
      "content=\"1\">", "\u201d", "\uD83D\uDE00", "\u0000", "\\");

  @Provide
  Arbitrary<String> signals() {
    Arbitrary<String> fragments = Arbitraries.of(FRAGMENTS);
    Arbitrary<String> structured = fragments.list().ofMaxSize(40).map(l -> String.join("", l));
    Arbitrary<String> random = Arbitraries.strings().ofMaxLength(200);
    return Arbitraries.oneOf(structured, random);
  }

  @Property(tries = 300)
  void importFrom_anyInputAnyFormat_neverThrowsAndKeepsInvariants(
      @ForAll("signals") String input, @ForAll ImportFormat format) {
    ImportResult r = Interop.importFrom(format, input);
    assertNotNull(r);
    assertFalse(r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.INTERNAL_ERROR), r.report().toString());
    assertTrue(r.report().size() <= Interop.MAX_DIAGNOSTICS + 1);
    if (r.hasErrors()) {
      assertTrue(r.policy().isEmpty());
    }
    // Imported terms are valid terms: printing and parsing them gives them back.
    r.policy().ifPresent(p -> assertEquals(p,
        TermsParser.withDefaults().parse(r.terms().orElseThrow()).policy().orElseThrow()));
  }

  @Provide
  Arbitrary<String> terms() {
    Arbitrary<String> purpose = Arbitraries.of("any", "ai", "train", "train-genai", "eval", "input", "search");
    Arbitrary<String> window = Arbitraries.of("", " until 2027-01-01", " from 2026-01-01", " from 2028-01-01");
    Arbitrary<String> condition = Arbitraries.of("attribution", "open-weights", "pay collective masakhane",
        "noncommercial", "limit 5 per day");
    Arbitrary<String> clause = Arbitraries.oneOf(
        purpose.map(p -> "allow " + p),
        purpose.map(p -> "deny " + p),
        purpose.map(p -> p + "-only"),
        Arbitraries.of("attribution", "pay collective x"),
        net.jqwik.api.Combinators.combine(purpose, condition).as((p, c) -> "allow " + p + " if " + c));
    Arbitrary<String> withWindow = net.jqwik.api.Combinators.combine(clause, window).as((c, w) -> c + w);
    return withWindow.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("; ", l));
  }

  /** An exported yes is never more than the terms give: unconditionally, at every time. */
  @Property(tries = 300)
  void exportTo_anyTerms_yesOnlyWhenAlwaysUnconditionallyAllowed(
      @ForAll("terms") String text, @ForAll ExportFormat format) {
    Policy policy = TermsParser.withDefaults().parse(text).policy().orElseThrow();
    ExportResult exported = Interop.exportTo(format, policy);
    ImportResult back = Interop.importFrom(
        format == ExportFormat.AIPREF ? ImportFormat.AIPREF : ImportFormat.CONTENT_SIGNAL,
        exported.value().isEmpty() ? "x=y" : exported.value());
    if (back.policy().isEmpty()) {
      return;
    }
    List<Instant> instants = List.of(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"),
        Instant.parse("2027-06-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"));
    for (Purpose p : Purpose.values()) {
      Outcome signalled = TermsEvaluator.decide(back.policy().get(), p, Set.of(), Instant.EPOCH).outcome();
      if (signalled != Outcome.ALLOW) {
        continue;
      }
      for (Instant at : instants) {
        assertEquals(Outcome.ALLOW, TermsEvaluator.decide(policy, p, Set.of(), at).outcome(),
            text + " exported as " + exported.value() + " allows " + p + " but the terms do not at " + at);
      }
    }
  }

  private static final dev.flywheel.policy.PolicyEngine ENGINE = dev.flywheel.policy.PolicyEngine.builder()
      .executor(Runnable::run).build();

  /** The evaluator translates the engine's decision faithfully (allow, obligation, says nothing, deny with facts). */
  @Property(tries = 300)
  void evaluator_anyTerms_agreesWithEngine(
      @ForAll("terms") String text, @ForAll Purpose purpose, @ForAll boolean openWeights,
      @ForAll boolean noncommercial, @ForAll("instants") Instant at) {
    Policy policy = TermsParser.withDefaults().parse(text).policy().orElseThrow();
    Set<dev.flywheel.policy.Fact> facts = java.util.EnumSet.noneOf(dev.flywheel.policy.Fact.class);
    if (openWeights) {
      facts.add(dev.flywheel.policy.Fact.OPEN_WEIGHTS);
    }
    if (noncommercial) {
      facts.add(dev.flywheel.policy.Fact.NONCOMMERCIAL);
    }
    dev.flywheel.policy.Decision d =
        ENGINE.decide(text, new dev.flywheel.policy.Request(purpose, facts, at, Set.of()));
    TermsEvaluator.Verdict v = TermsEvaluator.decide(policy, purpose, facts, at);
    switch (v.outcome()) {
      case ALLOW -> assertInstanceOf(dev.flywheel.policy.Decision.Allow.class, d, text);
      case OBLIGATION -> assertEquals(v.duties(), d.obligations(), text);
      case NONE -> assertEquals(dev.flywheel.policy.Decision.Basis.DEFAULT, d.basis(), text);
      case DENY -> {
        assertInstanceOf(dev.flywheel.policy.Decision.Deny.class, d, text);
        assertEquals(dev.flywheel.policy.Decision.Basis.EXPLICIT, d.basis(), text);
        assertEquals(v.wouldAllowWith(), ((dev.flywheel.policy.Decision.Deny) d).wouldAllowWith(), text);
      }
    }
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.of(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"),
        Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2027-06-01T00:00:00Z"),
        Instant.parse("2028-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"));
  }
}
