package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.engine.compact.CompactTerms;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.spi.EngineSettings;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.TermsLimits;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * The terms cache is bounded in bytes: each entry weighs its estimated retained bytes, the estimate is close to (and
 * above) what an entry really retains, invalid terms are kept small whatever their diagnostics, and running out of
 * memory is a deny, never a throw.
 */
class CacheBytesTest {
  static {
    // The API's decisions are records, whose field offsets Unsafe does not give out; JOL then finds them itself.
    if (System.getProperty("jol.magicFieldOffset") == null) {
      System.setProperty("jol.magicFieldOffset", "true");
    }
  }

  private static final Request[] EVERY_REQUEST = everyRequest();

  private static Request[] everyRequest() {
    List<Request> requests = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      requests.add(Request.of(p).at(LargeTermsMain.AT));
      requests.add(Request.of(p).withFacts(Fact.values()).at(LargeTermsMain.AT));
    }
    return requests.toArray(new Request[0]);
  }

  private static DefaultPolicyEngine engine(long entries, long bytes) {
    return new DefaultPolicyEngine(new EngineSettings(
        entries, bytes, DefaultDecision.DENY, EngineFixtures.FIXED, Runnable::run, TermsLimits.DEFAULTS));
  }

  @Test
  void review08_tenThousandLargeInvalidTerms_smallHeap_noOutOfMemory() throws Exception {
    // 10,000 distinct terms of about 4 KB (four in five invalid, a fifth of them non-Latin-1: 48 MB of keys alone)
    // through a cache bounded by 16 MiB in a 64 MiB heap, and through the default 64 MiB bound in a 128 MiB heap.
    // Kept by number alone (10,000 entries), with every diagnostic, they need gigabytes.
    runChild("-Xmx64m", "10000", Long.toString(16L << 20));
    runChild("-Xmx128m", "10000", "default");
  }

  private static void runChild(String heap, String count, String bytes) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    File log = File.createTempFile("large-terms", ".log");
    Process process = new ProcessBuilder(java, heap, "-cp", System.getProperty("java.class.path"),
        LargeTermsMain.class.getName(), count, bytes)
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish");
    assertEquals(0, process.exitValue(), () -> "the child JVM failed (" + heap + ", bound " + bytes + "): "
        + readQuietly(log));
  }

  private static String readQuietly(File log) {
    try {
      String text = Files.readString(log.toPath(), StandardCharsets.UTF_8);
      return text.length() > 2000 ? text.substring(0, 2000) : text;
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Test
  void review08_cacheWeight_boundedInBytes() {
    long bound = 1L << 20;
    DefaultPolicyEngine engine = engine(PolicyEngine.Builder.MAX_MAXIMUM_CACHE_SIZE, bound);
    engine.decide("allow search", EVERY_REQUEST[0]);
    long empty = GraphLayout.parseInstance(engine).totalSize();
    assertEquals(bound, engine.cacheWeightBound());
    long most = 0;
    for (int i = 0; i < 2_000; i++) {
      String terms = LargeTermsMain.terms(i);
      for (Request r : EVERY_REQUEST) {
        Decision d = engine.decide(terms, r);
        assertTrue(LargeTermsMain.isValid(i) || d.basis() == Decision.Basis.ERROR, terms);
      }
      if (i % 100 == 99) {
        assertTrue(engine.cachedBytes() <= bound, "weighed " + engine.cachedBytes() + " bytes after " + i);
        most = Math.max(most, engine.cachedBytes());
      }
    }
    // The bound was reached, not merely respected. How many entries stay is the admission policy's choice: Caffeine
    // (TinyLFU, randomly seeded) may keep few of a stream of terms each used once, so their count is not asserted.
    assertTrue(most >= bound / 2, "the cache never filled: at most " + most + " bytes");
    assertTrue(engine.cachedTerms() >= 1, "kept " + engine.cachedTerms());
    // What the engine really retains beyond its empty self: the cache, plus the front table's quarter, plus
    // shared decisions; well under twice the bound.
    long retained = GraphLayout.parseInstance(engine).totalSize() - empty;
    assertTrue(retained <= 2 * bound, "retained " + retained + " bytes");
  }

  @Test
  void review08_entryCountBound_stillHoldsUnderTheByteBound() {
    DefaultPolicyEngine engine = engine(100, PolicyEngine.Builder.DEFAULT_MAXIMUM_CACHE_BYTES);
    for (int i = 0; i < 1_000; i++) {
      engine.decide("deny train until 2027-01-01; pay collective c" + i, EVERY_REQUEST[0]);
    }
    assertTrue(engine.cachedTerms() <= 100, "kept " + engine.cachedTerms());
    assertTrue(engine.cachedTerms() >= 50, "kept " + engine.cachedTerms());
  }

  @Test
  void review08_zeroBytes_keepsNothingAndStillDecides() {
    DefaultPolicyEngine engine = engine(1000, 0);
    assertEquals(Decision.Kind.DENY, engine.decide("deny train", EVERY_REQUEST[0]).kind());
    assertEquals(0, engine.cachedTerms());
  }

  /** Kinds of terms, made distinct by {@code i}, and the requests that fill every cell of their tables. */
  private record Kind(String name, IntFunction<String> terms, List<Request> requests) {}

  /** Every purpose with every set of facts, at {@code times}. */
  private static List<Request> requests(boolean everyFactSet, List<Instant> times) {
    List<Request> requests = new ArrayList<>();
    Fact[] facts = Fact.values();
    for (Instant at : times) {
      for (Purpose p : Purpose.values()) {
        for (int set = 0; set < (everyFactSet ? 1 << facts.length : 1); set++) {
          List<Fact> chosen = new ArrayList<>();
          for (Fact f : facts) {
            if ((set & 1 << f.ordinal()) != 0) {
              chosen.add(f);
            }
          }
          requests.add(Request.of(p).withFacts(chosen.toArray(new Fact[0])).at(at));
        }
      }
    }
    return requests;
  }

  @Test
  void review08_weigherEstimate_withinAFactorOfRetainedSize() {
    List<Instant> beforeAndAfter = List.of(LargeTermsMain.AT, Instant.parse("2031-06-01T00:00:00Z"));
    List<Instant> everyDay = new ArrayList<>();
    for (LocalDate day = LocalDate.of(2029, 12, 31); day.isBefore(LocalDate.of(2030, 9, 30)); day = day.plusDays(1)) {
      everyDay.add(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    List<Kind> kinds = List.of(
        new Kind("short", i -> "deny train until " + LocalDate.of(2027, 1, 1).plusDays(i) + "; allow eval",
            requests(false, beforeAndAfter)),
        new Kind("duties and facts", i -> "allow ai if attribution; eval if open-weights; pay collective c" + i
            + " 2 EUR per item; deny search until 2028-01-01", requests(true, beforeAndAfter)),
        new Kind("long word, invalid", i -> LargeTermsMain.terms(5 * i), requests(false, beforeAndAfter)),
        new Kind("many words, invalid", i -> LargeTermsMain.terms(5 * i + 1), requests(false, beforeAndAfter)),
        new Kind("non-Latin-1, invalid", i -> LargeTermsMain.terms(5 * i + 2), requests(false, beforeAndAfter)),
        new Kind("one bad clause, invalid", i -> LargeTermsMain.terms(5 * i + 3), requests(false, beforeAndAfter)),
        new Kind("60 clauses, every day", i -> LargeTermsMain.terms(5 * i + 4), requests(false, everyDay)),
        new Kind("short, invalid", i -> "deny tarin" + i, requests(false, beforeAndAfter)));
    int count = 100;
    for (Kind kind : kinds) {
      DefaultPolicyEngine engine = engine(PolicyEngine.Builder.MAX_MAXIMUM_CACHE_SIZE, 1L << 30);
      engine.decide("allow search", EVERY_REQUEST[0]);
      long empty = GraphLayout.parseInstance(engine).totalSize();
      for (int i = 0; i < count; i++) {
        String terms = kind.terms().apply(i);
        for (Request r : kind.requests()) {
          engine.decide(terms, r);
        }
      }
      double real = (GraphLayout.parseInstance(engine).totalSize() - empty) / (double) count;
      double estimated = engine.cachedBytes() / (double) count;
      assertEquals(count + 1, engine.cachedTerms(), kind.name());
      String what = kind.name() + ": estimated " + Math.round(estimated) + " B, retained " + Math.round(real) + " B";
      System.out.println(what);
      assertTrue(estimated >= real, what);
      assertTrue(estimated <= 4 * real, what);
    }
  }

  @Test
  void review08_weigherEstimate_coversGeneratedTermsFilledEverywhere() {
    // Random statements (up to five clauses of every kind, duties, facts, time bounds), each decided for every
    // purpose, fact set and time segment: what the engine retains stays within the summed estimates, and the quick
    // bound that admits entries to the front table is never below the estimate.
    List<Instant> times = new ArrayList<>(List.of(Instant.parse("2025-01-01T00:00:00Z")));
    for (Instant bound : PolicyGenerator.BOUNDS) {
      times.add(bound.minusNanos(1));
      times.add(bound);
    }
    List<Request> requests = requests(true, times);
    PolicyGenerator generator = new PolicyGenerator(8);
    DefaultPolicyEngine engine = engine(PolicyEngine.Builder.MAX_MAXIMUM_CACHE_SIZE, 1L << 30);
    engine.decide("allow search", EVERY_REQUEST[0]);
    long empty = GraphLayout.parseInstance(engine).totalSize();
    int distinct = 0;
    for (int n = 0; n < 300; n++) {
      String terms = TermsPrinter.print(generator.policy()) + "; pay collective c" + n + " 1 EUR per item";
      ParseResult parsed = engine.parse(terms);
      if (parsed.policy().isEmpty()) {
        continue; // a generated combination the language rejects (two -only clauses, say)
      }
      CompactTerms compiled = CompactTerms.compile(parsed.policy().get(), terms, TermsPrinter::print);
      assertTrue(compiled.quickBytesBound() >= compiled.retainedBytesEstimate(), terms);
      for (Request r : requests) {
        engine.decide(terms, r);
      }
      distinct++;
    }
    assertTrue(distinct > 100, "only " + distinct + " generated terms were valid");
    long real = GraphLayout.parseInstance(engine).totalSize() - empty;
    long estimated = engine.cachedBytes();
    String what = distinct + " generated terms: estimated " + estimated + " B, retained " + real + " B";
    System.out.println(what);
    assertTrue(estimated >= real, what);
    assertTrue(estimated <= 4 * real, what);
  }

  @Test
  void review08_invalidTermsWithHugeDiagnostics_keptSmall() {
    // A parser that reports 10,000 diagnostics, each quoting 100,000 chars: the error decision keeps 33, cut short.
    String huge = "x".repeat(100_000);
    List<Diagnostic> many = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add(Diagnostic.of(DiagnosticCode.UNKNOWN_WORD, "unknown word '" + huge + "'", new Span(i, 1, 1, i + 1))
          .withHelp(huge));
    }
    DefaultPolicyEngine engine = new DefaultPolicyEngine(
        EngineFixtures.settings(1000, DefaultDecision.ALLOW, EngineFixtures.FIXED),
        text -> ParseResult.invalid(many), TermsPrinter::print);
    Decision d = engine.decide("anything", EVERY_REQUEST[0]);
    assertEquals(Decision.Kind.DENY, d.kind());
    assertEquals(Decision.Basis.ERROR, d.basis());
    assertEquals(KeptDiagnostics.MAX_DIAGNOSTICS, d.diagnostics().size());
    assertEquals(DiagnosticCode.TOO_MANY_DIAGNOSTICS, d.diagnostics().get(d.diagnostics().size() - 1).code());
    for (Diagnostic kept : d.diagnostics()) {
      assertTrue(kept.message().length() <= KeptDiagnostics.MAX_TEXT_CHARS, kept.message());
      assertTrue(kept.help() == null || kept.help().length() <= KeptDiagnostics.MAX_TEXT_CHARS);
    }
    assertEquals(new Span(0, 1, 1, 1), d.diagnostics().get(0).span());
    // 33 diagnostics of at most 256 chars of message and of help, each message again in a reason: about 70 KB,
    // where the parser's list held 2 GB.
    assertTrue(engine.cachedBytes() < 100_000, "weighed " + engine.cachedBytes());
    assertSame(d, engine.decide("anything", EVERY_REQUEST[1]));
  }

  @Test
  void review08_cutDiagnosticText_neverSplitsASurrogatePair() {
    String text = "a".repeat(KeptDiagnostics.MAX_TEXT_CHARS - 2) + "\uD83D\uDE00" + "b".repeat(10);
    String cut = KeptDiagnostics.cut(text);
    assertTrue(cut.length() <= KeptDiagnostics.MAX_TEXT_CHARS);
    assertTrue(cut.endsWith("a\u2026"), cut);
    String fits = text.substring(0, KeptDiagnostics.MAX_TEXT_CHARS);
    assertSame(fits, KeptDiagnostics.cut(fits));
  }

  @Test
  void review08_outOfMemoryWhileCompiling_deniesWithACodeOnEveryPath() {
    DefaultPolicyEngine engine = new DefaultPolicyEngine(
        EngineFixtures.settings(1000, DefaultDecision.ALLOW, EngineFixtures.FIXED),
        text -> {
          throw new OutOfMemoryError("Java heap space");
        },
        TermsPrinter::print);
    byte[] ascii = "allow any".getBytes(StandardCharsets.UTF_8);
    byte[] nonAscii = "allow any \u00e9".getBytes(StandardCharsets.UTF_8);
    List<Decision> decisions = List.of(
        engine.decide("allow any", EVERY_REQUEST[0]),
        engine.decide(ascii, 0, ascii.length, EVERY_REQUEST[0]),
        engine.decide(nonAscii, 0, nonAscii.length, EVERY_REQUEST[0]),
        engine.decide(ItemTerms.builder().terms("allow any").build(), EVERY_REQUEST[0]));
    for (Decision d : decisions) {
      assertEquals(Decision.Kind.DENY, d.kind());
      assertEquals(Decision.Basis.ERROR, d.basis());
      assertEquals("internal-error", d.diagnostics().get(0).code().id());
    }
    assertEquals("internal-error", engine.parse("allow any").diagnostics().get(0).code().id());
    assertEquals(0, engine.cachedTerms()); // a failure is not cached: the next call tries again
  }
}
