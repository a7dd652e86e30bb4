package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fail closed: interrupts, internal failures, a failing clock, null arguments, and how the engine is found. */
class EngineFailureTest {
  private static final Request TRAIN = Request.of(Purpose.TRAIN).at(Instant.parse("2026-06-01T00:00:00Z"));
  private static final TermsParser PARSER = TermsParser.withDefaults();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static DefaultPolicyEngine withParser(Function<String, ParseResult> parser, long cacheSize) {
    return new DefaultPolicyEngine(
        EngineFixtures.settings(cacheSize, DefaultDecision.DENY, EngineFixtures.FIXED), parser, TermsPrinter::print);
  }

  private static String code(Decision d) {
    assertEquals(Decision.Basis.ERROR, d.basis());
    assertFalse(d.isAllowed());
    return d.diagnostics().get(0).code().id();
  }

  @Test
  void decide_threadInterrupted_deniesInterruptedAndKeepsTheFlag() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    Thread.currentThread().interrupt();
    assertEquals("interrupted", code(engine.decide("allow train", TRAIN)));
    assertTrue(Thread.currentThread().isInterrupted());
    assertEquals("interrupted", code(engine.decide(ItemTerms.builder().terms("allow train").build(), TRAIN)));
    assertTrue(Thread.interrupted());
    assertEquals(Decision.Kind.ALLOW, engine.decide("allow train", TRAIN).kind());
  }

  @Test
  void decide_compileFailsWithInterruption_deniesInterruptedAndSetsTheFlag() {
    DefaultPolicyEngine engine = withParser(text -> {
      throw new IllegalStateException("load failed", new InterruptedException());
    }, 10);
    assertEquals("interrupted", code(engine.decide("allow train", TRAIN)));
    assertTrue(Thread.interrupted());
  }

  @Test
  void decide_compileThrows_deniesInternalErrorAndDoesNotCacheTheFailure() {
    AtomicInteger calls = new AtomicInteger();
    DefaultPolicyEngine engine = withParser(text -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
      return PARSER.parse(text);
    }, 10);
    Decision failed = engine.decide("allow train", TRAIN);
    assertEquals("internal-error", code(failed));
    assertEquals(DiagnosticCode.INTERNAL_ERROR, failed.diagnostics().get(0).code());
    assertEquals(Decision.Kind.ALLOW, engine.decide("allow train", TRAIN).kind());
  }

  @Test
  void decide_stackOverflowOrLinkageError_deniesInternalError() {
    DefaultPolicyEngine overflow = withParser(text -> {
      throw new StackOverflowError();
    }, 10);
    DefaultPolicyEngine linkage = withParser(text -> {
      throw new NoClassDefFoundError("x");
    }, 0);
    assertEquals("internal-error", code(overflow.decide("allow train", TRAIN)));
    assertEquals("internal-error", code(linkage.decide("allow train", TRAIN)));
    assertEquals("internal-error", code(linkage.decide(ItemTerms.builder().terms("x").build(), TRAIN)));
    ParseResult parsed = linkage.parse("allow train");
    assertFalse(parsed.isValid());
    assertEquals(DiagnosticCode.INTERNAL_ERROR, parsed.diagnostics().get(0).code());
  }

  @Test
  void decide_clockThrows_deniesInternalErrorOnlyWhenTheClockIsNeeded() {
    Clock broken = EngineFixtures.clock(() -> {
      throw new IllegalStateException("no time");
    });
    DefaultPolicyEngine engine = new DefaultPolicyEngine(EngineFixtures.settings(10, DefaultDecision.DENY, broken));
    assertEquals("internal-error", code(engine.decide("deny train until 2027-01-01", Request.of(Purpose.TRAIN))));
    assertEquals("internal-error",
        code(engine.decide(ItemTerms.builder().terms("allow train").build(), Request.of(Purpose.TRAIN))));
    assertEquals(Decision.Kind.DENY, engine.decide("deny train until 2027-01-01", TRAIN).kind());
    assertEquals(Decision.Basis.EXPLICIT, engine.decide("deny train until 2027-01-01", TRAIN).basis());
  }

  @Test
  void decide_requestWithoutTime_usesTheInjectedClock() {
    DefaultPolicyEngine before = new DefaultPolicyEngine(EngineFixtures.settings(10, DefaultDecision.DENY,
        Clock.fixed(Instant.parse("2026-12-31T23:59:59.999Z"), ZoneOffset.UTC)));
    DefaultPolicyEngine after = new DefaultPolicyEngine(EngineFixtures.settings(10, DefaultDecision.DENY,
        Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC)));
    String terms = "deny train until 2027-01-01; allow train";
    assertEquals(Decision.Kind.DENY, before.decide(terms, Request.of(Purpose.TRAIN)).kind());
    assertEquals(Decision.Kind.ALLOW, after.decide(terms, Request.of(Purpose.TRAIN)).kind());
  }

  @Test
  void decide_nullArguments_throwNullPointerException() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    assertThrows(NullPointerException.class, () -> engine.decide((String) null, TRAIN));
    assertThrows(NullPointerException.class, () -> engine.decide("allow train", null));
    assertThrows(NullPointerException.class, () -> engine.decide((ItemTerms) null, TRAIN));
    assertThrows(NullPointerException.class, () -> engine.decide(ItemTerms.builder().build(), null));
    assertThrows(NullPointerException.class, () -> engine.parse(null));
  }

  @Test
  void decide_invalidTerms_parsedOnceAndCachedAsError() {
    AtomicInteger calls = new AtomicInteger();
    DefaultPolicyEngine engine = withParser(text -> {
      calls.incrementAndGet();
      return PARSER.parse(text);
    }, 10);
    Decision first = engine.decide("trian", TRAIN);
    Decision second = engine.decide("trian", TRAIN);
    assertEquals("unknown-word", code(first));
    assertSame(first, second);
    assertEquals(1, calls.get());
  }

  @Test
  void decide_cacheSizeZero_compilesEveryTimeWithTheSameResult() {
    AtomicInteger calls = new AtomicInteger();
    DefaultPolicyEngine engine = withParser(text -> {
      calls.incrementAndGet();
      return PARSER.parse(text);
    }, 0);
    assertEquals(engine.decide("eval-only", TRAIN), engine.decide("eval-only", TRAIN));
    assertEquals(2, calls.get());
    assertEquals(0, engine.cachedTerms());
  }

  @Test
  void builder_build_findsThisEngineThroughTheServiceLoader() {
    PolicyEngine engine = PolicyEngine.builder().clock(EngineFixtures.FIXED).build();
    assertEquals(DefaultPolicyEngine.class, engine.getClass());
    assertEquals(Decision.Kind.ALLOW, engine.decide("eval-only", Request.of(Purpose.EVAL)).kind());
    assertTrue(engine.parse("eval-only").isValid());
    assertFalse(engine.parse("trian").isValid());
  }

  @Test
  void decide_hugeOrHostileInput_deniesWithoutThrowing() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    assertEquals("input-too-long", code(engine.decide("allow train; ".repeat(1000), TRAIN)));
    assertEquals("too-many-clauses", code(engine.decide("allow train; ".repeat(100) + "allow eval", TRAIN)));
    assertEquals(Decision.Basis.ERROR, engine.decide("\u202Eallow train", TRAIN).basis());
  }

  @Test
  void decide_configuredTermsLimits_enforcedAtAndPastTheLimit() {
    DefaultPolicyEngine engine = new DefaultPolicyEngine(new dev.flywheel.policy.spi.EngineSettings(10,
        DefaultDecision.DENY, EngineFixtures.FIXED, Runnable::run,
        new dev.flywheel.policy.terms.TermsLimits(40, 2, 8, 4)));
    assertEquals(Decision.Kind.ALLOW, engine.decide("allow train; allow eval", TRAIN).kind());
    assertEquals("too-many-clauses", code(engine.decide("allow train; allow eval; allow search", TRAIN)));
    assertEquals(Decision.Kind.OBLIGATION, engine.decide("pay collective abcdefgh", TRAIN).kind());
    assertEquals("name-too-long", code(engine.decide("pay collective abcdefghi", TRAIN)));
    assertEquals("input-too-long", code(engine.decide("allow train" + " ".repeat(30), TRAIN)));
    assertFalse(engine.parse("allow train; allow eval; allow search").isValid());
  }
}
