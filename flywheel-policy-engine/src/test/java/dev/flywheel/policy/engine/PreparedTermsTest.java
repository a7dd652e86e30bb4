package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.spi.EngineSettings;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.TermsLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code prepare} parses once for validating and deciding: the compiled form of its parse is what deciding the same
 * text uses, and decisions are exactly those of an engine that was never asked to prepare.
 */
class PreparedTermsTest {

  private static final List<String> TEXTS = List.of(
      "eval-only",
      "deny train until 2027-01-01; allow eval",
      "allow train if attribution; allow eval",
      "limit 5 per day",
      "deny ai; allow eval");

  /** The real engine whose parser counts its calls. */
  private static DefaultPolicyEngine countingEngine(long cacheSize, AtomicInteger parses) {
    TermsParser parser = TermsParser.create(TermsLimits.DEFAULTS);
    Function<String, ParseResult> counting = text -> {
      parses.incrementAndGet();
      return parser.parse(text);
    };
    Function<Clause, String> printer = TermsPrinter::print;
    return new DefaultPolicyEngine(
        EngineFixtures.settings(cacheSize, DefaultDecision.DENY, EngineFixtures.FIXED), counting, printer);
  }

  private static ItemTerms item(int n) {
    String preference = TEXTS.get(n % TEXTS.size());
    String collective = TEXTS.get((n / TEXTS.size()) % TEXTS.size());
    return ItemTerms.builder()
        .terms(preference)
        .contributedAt(Instant.parse("2026-01-01T00:00:00Z"))
        .collectives(Set.of("c"))
        .collectiveStatement(new ItemTerms.CollectiveStatement("c", collective, null, null, null, Set.of()))
        .build();
  }

  @Test
  void prepareThenDecideItems_thousandRecordsOverFiveTexts_parsesEachTextOnce() {
    AtomicInteger parses = new AtomicInteger();
    DefaultPolicyEngine engine = countingEngine(1000, parses);
    // What the record path does: the validator prepares each distinct text once, then every record is decided.
    for (String text : TEXTS) {
      assertTrue(engine.prepare(text).isValid(), text);
    }
    assertEquals(TEXTS.size(), parses.get());
    for (int n = 0; n < 1000; n++) {
      engine.decide(item(n), Request.of(Purpose.values()[n % Purpose.values().length]));
      engine.decide(item(n).terms(), Request.of(Purpose.TRAIN));
    }
    assertEquals(TEXTS.size(), parses.get(), "deciding prepared terms parsed them again");
  }

  @Test
  void prepareThenDecideCanonical_textNotCanonical_noTextIsParsedAgain() {
    AtomicInteger parses = new AtomicInteger();
    DefaultPolicyEngine engine = countingEngine(1000, parses);
    String written = "train if attribution";
    String canonical = TermsPrinter.print(engine.prepare(written).policy().orElseThrow());
    assertEquals("allow train if attribution", canonical);
    for (int n = 0; n < 100; n++) {
      engine.decide(canonical, Request.of(Purpose.TRAIN));
      engine.decide(written, Request.of(Purpose.TRAIN));
    }
    // One parse, by prepare: the canonical text (what a record holds) is decided from that parse too.
    assertEquals(1, parses.get());
    assertEquals(2, engine.cachedTerms());
  }

  @Test
  void prepareThenDecideCanonical_writtenForms_decisionsEqualAnEngineThatParsedTheCanonicalText() {
    PolicyGenerator gen = new PolicyGenerator(23L);
    List<String> written = new ArrayList<>(List.of(
        "train if attribution", "no-train; eval-only", "allow  train ;allow eval if attribution",
        "pay collective \"\uD83A\uDD00\uD83A\uDD23\"  ;  no-ai from 2026-01-01T00:00:00Z",
        "train if pay collective masakhane 0.0020 EUR per item and limit 3 per month"));
    for (int n = 0; n < 300; n++) {
      // The canonical text with its layout loosened: still the same policy, never the canonical text itself.
      written.add(" " + TermsPrinter.print(gen.policy()).replace("; ", " ;  ").replace(" if ", "  if "));
    }
    DefaultPolicyEngine prepared = EngineFixtures.engine();
    DefaultPolicyEngine fresh = EngineFixtures.engine();
    List<Instant> times = List.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2031-06-01T00:00:00Z"));
    int notCanonical = 0;
    for (String text : written) {
      ParseResult result = prepared.prepare(text);
      assertTrue(result.isValid(), text);
      String canonical = TermsPrinter.print(result.policy().orElseThrow());
      notCanonical += canonical.equals(text) ? 0 : 1;
      for (Purpose purpose : Purpose.values()) {
        for (Instant at : times) {
          Request request = new Request(purpose, Set.of(), at, Set.of());
          assertEquals(fresh.decide(canonical, request), prepared.decide(canonical, request),
              text + " -> " + canonical + " " + purpose + " " + at);
        }
      }
    }
    assertEquals(written.size(), notCanonical, "every written form differs from its canonical text");
  }

  @Test
  void prepare_canonicalTextLongerThanTheLimit_isNotKeptAndDecidingItDeniesAsWithoutPrepare() {
    String written = "train if attribution"; // 20 code points; "allow train if attribution" is 26
    TermsLimits limits = new TermsLimits(22, 64, 128, 32);
    EngineSettings settings = new EngineSettings(1000, EngineSettings.DEFAULT_MAXIMUM_CACHE_BYTES, DefaultDecision.DENY,
        EngineFixtures.FIXED, Runnable::run, limits);
    DefaultPolicyEngine prepared = new DefaultPolicyEngine(settings);
    DefaultPolicyEngine fresh = new DefaultPolicyEngine(settings);
    assertTrue(prepared.prepare(written).isValid());
    assertEquals(1, prepared.cachedTerms());
    Request train = Request.of(Purpose.TRAIN);
    Decision decision = prepared.decide("allow train if attribution", train);
    assertTrue(decision instanceof Decision.Deny deny && deny.basis() == Decision.Basis.ERROR, decision.toString());
    assertEquals(fresh.decide("allow train if attribution", train), decision);
  }

  @Test
  void prepare_termsAlreadyCompiledByDeciding_keepsTheEntryDecidedFrom() {
    AtomicInteger parses = new AtomicInteger();
    DefaultPolicyEngine engine = countingEngine(1000, parses);
    engine.decide("eval-only", Request.of(Purpose.EVAL));
    engine.prepare("eval-only");
    assertEquals(1, engine.cachedTerms());
    engine.decide("eval-only", Request.of(Purpose.TRAIN));
    assertEquals(2, parses.get(), "one parse to decide, one for the prepare's result, none after");
  }

  @Test
  void prepare_manyGeneratedTerms_resultsAndDecisionsEqualAnUnpreparedEngine() {
    PolicyGenerator gen = new PolicyGenerator(11L);
    LinkedHashSet<String> distinct = new LinkedHashSet<>(TEXTS);
    while (distinct.size() < 500) {
      distinct.add(TermsPrinter.print(gen.policy()));
    }
    List<String> texts = new ArrayList<>(distinct);
    texts.add("deny trian"); // invalid: diagnostics as parse gives them, and a deny with them when decided
    texts.add("allow  train ;eval-only"); // valid but not canonical
    DefaultPolicyEngine prepared = EngineFixtures.engine();
    DefaultPolicyEngine fresh = EngineFixtures.engine();
    for (String text : texts) {
      assertEquals(fresh.parse(text), prepared.prepare(text), text);
    }
    List<Instant> times = List.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2031-06-01T00:00:00Z"));
    for (String text : texts) {
      for (Purpose purpose : Purpose.values()) {
        for (Instant at : times) {
          Request request = new Request(purpose, Set.of(), at, Set.of());
          Decision expected = fresh.decide(text, request);
          assertEquals(expected, prepared.decide(text, request), text + " " + purpose + " " + at);
        }
      }
    }
  }

  @Test
  void prepare_invalidTerms_keepsNothingAndDecidingStillDenies() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    ParseResult result = engine.prepare("deny trian");
    assertFalse(result.isValid());
    assertEquals(0, engine.cachedTerms());
    Decision decision = engine.decide("deny trian", Request.of(Purpose.TRAIN));
    assertTrue(decision instanceof Decision.Deny deny && deny.basis() == Decision.Basis.ERROR, decision.toString());
  }

  @Test
  void prepare_engineWithoutCache_parsesAndKeepsNothing() {
    AtomicInteger parses = new AtomicInteger();
    DefaultPolicyEngine engine = countingEngine(0, parses);
    assertTrue(engine.prepare("eval-only").isValid());
    engine.decide("eval-only", Request.of(Purpose.EVAL));
    assertEquals(0, engine.cachedTerms());
    assertEquals(2, parses.get());
  }

  @Test
  void prepare_parserThrows_givesInternalErrorResultAndNoException() {
    DefaultPolicyEngine engine = new DefaultPolicyEngine(
        EngineFixtures.settings(1000, DefaultDecision.DENY, EngineFixtures.FIXED),
        text -> {
          throw new IllegalStateException("parser defect");
        },
        TermsPrinter::print);
    ParseResult result = engine.prepare("eval-only");
    assertFalse(result.isValid());
    assertEquals("internal-error", result.diagnostics().get(0).code().id());
    assertEquals(0, engine.cachedTerms());
  }
}
