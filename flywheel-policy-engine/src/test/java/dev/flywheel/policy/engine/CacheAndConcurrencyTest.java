package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.spi.EngineSettings;
import dev.flywheel.policy.terms.TermsLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache stays bounded, is invisible in results, is safe under many threads, and hits allocate nothing. */
class CacheAndConcurrencyTest {

  @Test
  void decide_manyDistinctTerms_cacheStaysWithinItsBoundAndResultsStayRight() {
    DefaultPolicyEngine engine = new DefaultPolicyEngine(
        EngineFixtures.settings(100, DefaultDecision.DENY, EngineFixtures.FIXED));
    Request train = Request.of(Purpose.TRAIN);
    for (int n = 1; n <= 5_000; n++) {
      Decision d = engine.decide("limit " + n + " per day", train);
      assertEquals(List.of(new Duty.Quota(n, dev.flywheel.policy.QuotaPeriod.DAY, null)), d.obligations());
      assertTrue(engine.cachedTerms() <= 100, "cached " + engine.cachedTerms());
    }
    assertTrue(engine.cachedTerms() > 0);
    // An evicted statement is compiled again, with the same result.
    assertEquals(List.of(new Duty.Quota(1, dev.flywheel.policy.QuotaPeriod.DAY, null)),
        engine.decide("limit 1 per day", train).obligations());
  }

  @Test
  void decide_sixteenThreadsOverThousandsOfTerms_sameResultsAsOneThread() throws Exception {
    PolicyGenerator gen = new PolicyGenerator(7L);
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    while (distinct.size() < 3_000) {
      distinct.add(TermsPrinter.print(gen.policy()));
    }
    for (int i = 0; i < 200; i++) {
      distinct.add("deny trian" + i); // invalid terms are cached and shared too
    }
    List<String> terms = new ArrayList<>(distinct);
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      requests.add(gen.request());
    }
    DefaultPolicyEngine single = new DefaultPolicyEngine(
        EngineFixtures.settings(10_000, DefaultDecision.DENY, EngineFixtures.FIXED));
    Decision[][] expected = new Decision[terms.size()][requests.size()];
    for (int t = 0; t < terms.size(); t++) {
      for (int r = 0; r < requests.size(); r++) {
        expected[t][r] = single.decide(terms.get(t), requests.get(r));
      }
    }
    // A small cache with real asynchronous maintenance: entries are evicted and compiled again while others read.
    DefaultPolicyEngine shared = new DefaultPolicyEngine(new EngineSettings(
        500, DefaultDecision.DENY, EngineFixtures.FIXED, ForkJoinPool.commonPool(), TermsLimits.DEFAULTS));
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicLong mismatches = new AtomicLong();
    AtomicLong decided = new AtomicLong();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int k = 0; k < threads; k++) {
        int offset = k * 197;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < terms.size(); i++) {
            int t = (i + offset) % terms.size();
            for (int r = 0; r < requests.size(); r++) {
              if (!expected[t][r].equals(shared.decide(terms.get(t), requests.get(r)))) {
                mismatches.incrementAndGet();
              }
              decided.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, mismatches.get());
    assertEquals((long) threads * terms.size() * requests.size(), decided.get());
  }

  @Test
  void decide_cachedTermsExplicitDecisions_allocateNothing() throws Exception {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    String terms = "deny train until 2027-01-01; allow ai if attribution; eval if open-weights; deny search";
    Request[] requests = {
        Request.of(Purpose.TRAIN).at(Instant.parse("2026-12-31T00:00:00Z")), // deny
        Request.of(Purpose.TRAIN), // deny, time from the clock
        Request.of(Purpose.EVAL).withFacts(dev.flywheel.policy.Fact.OPEN_WEIGHTS), // allow
        Request.of(Purpose.INPUT).honouring(ObligationType.ATTRIBUTION), // obligation, honoured
        Request.of(Purpose.INPUT), // obligation, not honoured
        Request.of(Purpose.EVAL), // deny from facts
    };
    Decision[] first = new Decision[requests.length];
    for (int i = 0; i < requests.length; i++) {
      first[i] = engine.decide(terms, requests[i]); // fills the cells
    }
    for (int warm = 0; warm < 20_000; warm++) {
      engine.decide(terms, requests[warm % requests.length]);
    }
    long before = allocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      Decision d = engine.decide(terms, requests[i % requests.length]);
      if (d != first[i % requests.length]) {
        throw new AssertionError("decision instance changed for request " + (i % requests.length));
      }
    }
    long allocated = allocatedBytes() - before;
    // 100,000 decisions: anything per decision would be at least 1.6 MB; allow only measurement noise.
    assertTrue(allocated < 4_096, "allocated " + allocated + " bytes");
    assertSame(first[0], engine.decide(terms, requests[0]));
  }

  /**
   * Bytes allocated so far by this thread (HotSpot's ThreadMXBean). Reached by reflection because the tests compile
   * inside the engine's module, which does not read java.management.
   */
  static long allocatedBytes() throws Exception {
    Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    return (Long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
        .invoke(bean);
  }
}
