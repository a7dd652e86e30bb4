package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The engine-side items of the shared RELIABILITY.md list (20-32), one named test each; items covered at length
 * elsewhere say where. docs/RELIABILITY.md maps every item to its tests.
 */
class ReliabilityItemsTest {
  private static final Instant BEFORE = Instant.parse("2026-12-31T23:59:59.999Z");
  private static final Instant BOUNDARY = Instant.parse("2027-01-01T00:00:00Z");

  /** Item 20 at length: CacheAndConcurrencyTest.decide_sixteenThreadsOverThousandsOfTerms_sameResultsAsOneThread. */
  @Test
  void item21_manyThreadsSameUncachedTerms_compiledOnce() throws Exception {
    AtomicInteger parses = new AtomicInteger();
    TermsParser parser = TermsParser.withDefaults();
    DefaultPolicyEngine engine = new DefaultPolicyEngine(
        EngineFixtures.settings(100, DefaultDecision.DENY, EngineFixtures.FIXED),
        text -> {
          parses.incrementAndGet();
          return parser.parse(text);
        },
        TermsPrinter::print);
    for (String terms : List.of("deny train until 2027-01-01; allow eval", "deny tarin until 2027-01-01")) {
      parses.set(0);
      List<Decision> decisions = onSixteenThreads(() -> engine.decide(terms, Request.of(Purpose.TRAIN)));
      assertEquals(1, parses.get(), terms);
      for (Decision d : decisions) {
        // Equal, not necessarily the same instance: two threads may fill a lazily computed cell at once.
        assertEquals(decisions.get(0), d);
        assertEquals(Decision.Kind.DENY, d.kind());
      }
    }
  }

  @Test
  void item22_millionDistinctTerms_runInASmallHeap() throws Exception {
    // A child JVM with a 96 MiB heap decides a million distinct statements (half of them malformed) through an
    // engine with a 10,000-entry cache: if the cache or the parser kept what it saw, it would run out of memory.
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process = new ProcessBuilder(java, "-Xmx96m", "-Xss512k", "-cp", System.getProperty("java.class.path"),
        MillionTermsMain.class.getName(), "1000000")
        .redirectErrorStream(true)
        .redirectOutput(File.createTempFile("million-terms", ".log"))
        .start();
    assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the child JVM did not finish");
    assertEquals(0, process.exitValue(), "the child JVM failed (out of memory or a wrong decision)");
  }

  @Test
  void item23_compiledJustBeforeABoundary_decidesRightJustAfter() {
    AtomicReference<Instant> now = new AtomicReference<>(BEFORE);
    DefaultPolicyEngine engine =
        new DefaultPolicyEngine(EngineFixtures.settings(10, DefaultDecision.DENY, EngineFixtures.clock(now::get)));
    String terms = "deny train until 2027-01-01; allow train";
    assertEquals(Decision.Kind.DENY, engine.decide(terms, Request.of(Purpose.TRAIN)).kind());
    now.set(BOUNDARY);
    assertEquals(Decision.Kind.ALLOW, engine.decide(terms, Request.of(Purpose.TRAIN)).kind());
    assertEquals(Decision.Kind.DENY, engine.decide(terms, Request.of(Purpose.TRAIN).at(BEFORE)).kind());
  }

  /** Item 24 at length: EngineFailureTest (exceptions, stack overflow, linkage errors, interrupts, a failing clock). */
  @Test
  void item24_failureInsideEvaluation_deniesWithACode() {
    DefaultPolicyEngine engine = new DefaultPolicyEngine(
        EngineFixtures.settings(10, DefaultDecision.ALLOW, EngineFixtures.FIXED),
        text -> {
          throw new IllegalStateException("a bug");
        },
        TermsPrinter::print);
    Decision d = engine.decide("allow any", Request.of(Purpose.TRAIN));
    assertEquals(Decision.Kind.DENY, d.kind());
    assertEquals(Decision.Basis.ERROR, d.basis());
    assertEquals("internal-error", d.diagnostics().get(0).code().id());
  }

  @Test
  void item25_hostileCorpusOnSmallStack_sameDecisions() throws Exception {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    List<String> corpus = List.of("", "x".repeat(5000), "deny tarin; allow eval", "\u0435val-only", "ev\u200Bal-only",
        "deny train\u202E", "deny \uD800train", "EVAL-ONLY", "deny train until 2027-02-30", ";;",
        "deny train;".repeat(100), "allow " + "eval, ".repeat(1000) + "eval", "pay collective x 1e400 EUR per item");
    for (String terms : corpus) {
      for (Purpose p : Purpose.values()) {
        Decision normal = engine.decide(terms, Request.of(p));
        AtomicReference<Decision> small = new AtomicReference<>();
        Thread t = new Thread(null, () -> small.set(engine.decide(terms, Request.of(p))), "small", 128 * 1024);
        t.start();
        t.join();
        assertEquals(normal, small.get(), terms);
        assertEquals(Decision.Kind.DENY, normal.kind(), terms);
        assertEquals(Decision.Basis.ERROR, normal.basis(), terms);
      }
    }
  }

  @Test
  void item26_malformedStringsInARow_eachDeniedWithoutStackTraces() {
    // Throughput is measured by ParserBenchmark (shape=malformed against shape=short); here: a long run of distinct
    // malformed strings completes, every one denied with a parser code, none with an internal error.
    DefaultPolicyEngine engine = EngineFixtures.engine();
    for (int i = 0; i < 20_000; i++) {
      Decision d = engine.decide("deny tarin" + i + " until 2027-01-01", Request.of(Purpose.TRAIN));
      assertEquals(Decision.Basis.ERROR, d.basis());
      assertEquals("unknown-word", d.diagnostics().get(0).code().id());
    }
  }

  @Test
  void item27_laterAllowNeverOverridesDenyAtTheSameLevel_anyOrder() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    List<String> clauses = List.of("deny train", "allow train", "allow train if attribution", "train-only");
    for (List<String> order : permutations(clauses)) {
      String terms = String.join("; ", order);
      assertEquals(Decision.Kind.DENY, engine.decide(terms, Request.of(Purpose.TRAIN)).kind(), terms);
    }
  }

  @Test
  void item28_nothingCoversThePurpose_defaultMarkedAsSuch() {
    Decision deny = EngineFixtures.engine().decide("eval-only until 2020-01-01", Request.of(Purpose.EVAL));
    assertEquals(Decision.Basis.DEFAULT, deny.basis());
    assertEquals(Decision.Kind.DENY, deny.kind());
    Decision allow = EngineFixtures.engine(DefaultDecision.ALLOW).decide("no-search", Request.of(Purpose.EVAL));
    assertEquals(Decision.Basis.DEFAULT, allow.basis());
    assertEquals(Decision.Kind.ALLOW, allow.kind());
  }

  @Test
  void item29_errorAnywhere_deniesEveryPurposeNeverAPartialPolicy() {
    DefaultPolicyEngine engine = EngineFixtures.engine(DefaultDecision.ALLOW);
    for (Purpose p : Purpose.values()) {
      Decision d = engine.decide("allow any; deny tarin", Request.of(p));
      assertEquals(Decision.Kind.DENY, d.kind(), p.word());
      assertEquals(Decision.Basis.ERROR, d.basis(), p.word());
    }
  }

  @Test
  void item30_obligationNeverLooksLikeAPlainAllow() {
    Decision d = EngineFixtures.engine().decide("train if attribution and pay collective x", Request.of(Purpose.TRAIN)
        .honouring(ObligationType.ATTRIBUTION));
    assertTrue(d instanceof Decision.Obligation);
    assertFalse(d.isAllowed(), "payment is not honoured");
    assertEquals(2, d.obligations().size());
    Decision all = EngineFixtures.engine().decide("train if attribution and pay collective x",
        Request.of(Purpose.TRAIN).honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT));
    assertTrue(all.isAllowed());
    assertEquals(2, all.obligations().size());
  }

  /** Item 31 at length: EngineProperties (deny added, windows narrowed, duties added) over generated statements. */
  @Test
  void item31_monotonicity_examples() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    Request train = Request.of(Purpose.TRAIN).at(Instant.parse("2026-06-01T00:00:00Z"));
    assertEquals(Decision.Kind.DENY, engine.decide("allow train; deny train", train).kind());
    assertEquals(Decision.Kind.DENY, engine.decide("allow train until 2026-01-01", train).kind());
    assertEquals(1, engine.decide("allow train if attribution", train).obligations().size());
    assertEquals(2, engine.decide("allow train if attribution; limit 5 per month", train).obligations().size());
  }

  @Test
  void item32_validatorEngineAndFormatterAgree() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    TermsParser parser = TermsParser.withDefaults();
    for (String terms : List.of("eval-only", "train if attribution", "no-train; allow eval, search",
        "deny train until 2027-01-01 from 2026-01-01; allow train", "pay collective \"Te Hiku Media\" 0.0020 EUR per item",
        "allow train if open-weights and attribution; limit 5000 per month")) {
      ParseResult parsed = parser.parse(terms);
      assertTrue(parsed.isValid(), terms);
      String formatted = TermsPrinter.print(parsed.policy().orElseThrow());
      assertEquals(formatted, TermsPrinter.print(parser.parse(formatted).policy().orElseThrow()));
      for (Purpose p : Purpose.values()) {
        for (Instant at : List.of(BEFORE, BOUNDARY)) {
          Request r = new Request(p, Set.of(Fact.OPEN_WEIGHTS), at, Set.of());
          Decision original = engine.decide(terms, r);
          Decision reformatted = engine.decide(formatted, r);
          assertTrue(original.basis() != Decision.Basis.ERROR, terms);
          assertEquals(original.kind(), reformatted.kind(), terms);
          assertEquals(original.obligations(), reformatted.obligations(), terms);
        }
      }
    }
  }

  private static <T> List<T> onSixteenThreads(java.util.concurrent.Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(1, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<List<String>> permutations(List<String> items) {
    if (items.size() <= 1) {
      return List.of(items);
    }
    List<List<String>> all = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<String> rest = new ArrayList<>(items);
      String head = rest.remove(i);
      for (List<String> tail : permutations(rest)) {
        List<String> p = new ArrayList<>();
        p.add(head);
        p.addAll(tail);
        all.add(p);
      }
    }
    return all;
  }
}
