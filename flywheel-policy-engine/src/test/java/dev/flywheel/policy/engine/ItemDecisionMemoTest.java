package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.engine.semantics.ApplicableLayers;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.spi.EngineSettings;
import dev.flywheel.policy.terms.TermsLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The engine's kept item decisions ({@link ItemDecisionMemo}) against deciding afresh: on generated, repetitive items
 * with collective statements, for every purpose and several requests, each decided several times; the table's bound
 * on entries, layers and chars, at and past each; and several threads at once.
 */
class ItemDecisionMemoTest {
  private static final List<String> LICENCES =
      List.of("CC0-1.0", "CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-SA-4.0", "MIT", "proprietary");
  private static final List<String> COLLECTIVES = List.of("masakhane", "alpha", "beta");
  private static final List<String> TAGS = List.of("language:yo", "language:sw", "domain:news", "kind:text");
  private static final List<String> FIXED_TERMS = List.of("eval-only", "deny train until 2027-01-01; allow eval",
      "allow train with attribution", "deny", "allow train if noncommercial", "trian", "EVAL-ONLY");

  /** Terms: fixed ones (two invalid) and generated ones. */
  private static List<String> terms(PolicyGenerator gen, int generated) {
    List<String> texts = new ArrayList<>(FIXED_TERMS);
    for (int i = 0; i < generated; i++) {
      String text = TermsPrinter.print(gen.policy());
      if (!texts.contains(text)) {
        texts.add(text);
      }
    }
    return texts;
  }

  /** Items drawn from few combinations, as a dataset repeats them: most with collective statements. */
  private static List<ItemTerms> items(Random random, PolicyGenerator gen, List<String> texts, int count) {
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      times.add(gen.time());
    }
    List<ItemTerms> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ItemTerms.Builder b = ItemTerms.builder().terms(texts.get(random.nextInt(texts.size())));
      if (random.nextInt(4) != 0) {
        b.contributedAt(times.get(random.nextInt(times.size())));
      }
      if (random.nextInt(4) == 0) {
        b.preferenceShift(times.get(random.nextInt(times.size())), texts.get(random.nextInt(texts.size())));
      }
      for (int s = random.nextInt(4); s > 0; s--) {
        b.collectiveStatement(new ItemTerms.CollectiveStatement(
            COLLECTIVES.get(random.nextInt(COLLECTIVES.size())), texts.get(random.nextInt(texts.size())),
            random.nextBoolean() ? null : times.get(random.nextInt(times.size())),
            random.nextInt(3) == 0 ? times.get(random.nextInt(times.size())) : null,
            random.nextInt(3) == 0 ? times.get(random.nextInt(times.size())) : null,
            random.nextBoolean() ? Set.of() : Set.of(TAGS.get(random.nextInt(TAGS.size())))));
      }
      if (random.nextInt(5) == 0) {
        b.stewardDefaults(texts.get(random.nextInt(texts.size())));
      }
      b.collectives(random.nextInt(5) == 0 ? Set.of() : Set.copyOf(COLLECTIVES.subList(0, 1 + random.nextInt(3))));
      b.tags(Set.of(TAGS.get(random.nextInt(TAGS.size()))));
      if (random.nextInt(3) != 0) {
        b.licence(LICENCES.get(random.nextInt(LICENCES.size())));
      }
      if (random.nextInt(4) == 0) {
        b.releasedAt(times.get(random.nextInt(times.size())));
      }
      items.add(b.build());
    }
    return items;
  }

  /** Requests for every purpose: random facts and honoured types, times near boundaries, and the clock's time. */
  private static List<Request> requests(PolicyGenerator gen) {
    List<Request> requests = new ArrayList<>();
    for (Purpose purpose : Purpose.values()) {
      for (int i = 0; i < 4; i++) {
        Request r = gen.request();
        requests.add(new Request(purpose, r.facts(), i == 0 ? null : r.at(), r.honoured()));
      }
    }
    return requests;
  }

  private static DefaultPolicyEngine engine(long entries, long bytes) {
    return new DefaultPolicyEngine(new EngineSettings(
        entries, bytes, DefaultDecision.DENY, EngineFixtures.FIXED, Runnable::run, TermsLimits.DEFAULTS));
  }

  private static Instant at(Request request) {
    return request.at() != null ? request.at() : EngineFixtures.NOW;
  }

  @Test
  void decideItem_repeatedItemsWithStatements_everyPurposeThreeTimes_equalsDecidingAfreshAndWithoutCache() {
    PolicyGenerator gen = new PolicyGenerator(20L);
    Random random = new Random(20L);
    List<String> texts = terms(gen, 12);
    List<ItemTerms> items = items(random, gen, texts, 400);
    List<Request> requests = requests(gen);
    DefaultPolicyEngine engine = EngineFixtures.engine();
    DefaultPolicyEngine uncached = engine(0, 0);
    assertNull(uncached.itemMemo(), "no cache, no kept decisions");
    int compared = 0;
    int withStatements = 0;
    for (int round = 0; round < 3; round++) {
      for (ItemTerms item : items) {
        withStatements += item.collectiveStatements().isEmpty() ? 0 : 1;
        for (Request request : requests) {
          Decision expected = engine.decideAfresh(item, request, at(request));
          Decision actual = engine.decide(item, request);
          if (!expected.equals(actual)) {
            assertEquals(expected, actual, "kept vs afresh, round " + round + ", " + item + " " + request);
          }
          Decision withoutCache = uncached.decide(item, request);
          if (!expected.equals(withoutCache)) {
            assertEquals(expected, withoutCache, "afresh vs no cache, " + item + " " + request);
          }
          compared++;
        }
      }
    }
    assertEquals(3 * 400 * requests.size(), compared);
    assertTrue(withStatements > 3 * 250, "items with collective statements: " + withStatements);
    assertTrue(engine.itemMemo().size() > 0, "decisions were kept");
  }

  @Test
  void decideItem_sameItemAndRequestAgain_returnsTheKeptDecision() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    ItemTerms item = ItemTerms.builder().terms("eval-only").contributedAt(EngineFixtures.NOW.minusSeconds(60))
        .collectives(Set.of("masakhane"))
        .collectiveStatement(new ItemTerms.CollectiveStatement(
            "masakhane", "deny train until 2027-01-01; allow eval", null, null, null, Set.of()))
        .licence("CC-BY-4.0").build();
    Request request = Request.of(Purpose.TRAIN);
    Decision first = engine.decide(item, request);
    assertSame(first, engine.decide(item, request));
    assertEquals(1, engine.itemMemo().size());
    assertEquals(engine.decideAfresh(item, request, EngineFixtures.NOW), first);
  }

  /** An item of {@code layers} applying collective statements whose terms total {@code chars} chars (even). */
  private static ItemTerms itemOf(int layers, int chars) {
    ItemTerms.Builder b = ItemTerms.builder().collectives(Set.of("c"));
    int each = chars / layers;
    for (int i = 0; i < layers; i++) {
      int length = i == layers - 1 ? chars - each * (layers - 1) : each;
      b.collectiveStatement(new ItemTerms.CollectiveStatement("c", padded(length, i), null, null, null, Set.of()));
    }
    return b.build();
  }

  /** Valid terms of exactly {@code length} chars: a clause and a comment padded to the length. */
  private static String padded(int length, int variant) {
    String head = "allow eval # " + variant + " ";
    return head + "x".repeat(length - head.length());
  }

  @Test
  void decideItem_layerCountAtAndPastBound_keptAtBoundOnly() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    Request request = Request.of(Purpose.EVAL);
    ItemTerms atBound = itemOf(ItemDecisionMemo.MAX_LAYERS, 400);
    ItemTerms pastBound = itemOf(ItemDecisionMemo.MAX_LAYERS + 1, 450);
    Decision past = engine.decide(pastBound, request);
    assertEquals(0, engine.itemMemo().size(), "past the layer bound nothing is kept");
    assertEquals(engine.decideAfresh(pastBound, request, EngineFixtures.NOW), past);
    Decision at = engine.decide(atBound, request);
    assertEquals(1, engine.itemMemo().size(), "at the layer bound the decision is kept");
    assertEquals(engine.decideAfresh(atBound, request, EngineFixtures.NOW), at);
  }

  @Test
  void decideItem_termsCharsAtAndPastBound_keptAtBoundOnly() {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    Request request = Request.of(Purpose.EVAL);
    ItemTerms atBound = itemOf(2, ItemDecisionMemo.MAX_TERMS_CHARS);
    ItemTerms pastBound = itemOf(2, ItemDecisionMemo.MAX_TERMS_CHARS + 2);
    assertEquals(ItemDecisionMemo.MAX_TERMS_CHARS,
        atBound.collectiveStatements().stream().mapToInt(s -> s.terms().length()).sum());
    Decision past = engine.decide(pastBound, request);
    assertEquals(0, engine.itemMemo().size(), "past the chars bound nothing is kept");
    assertEquals(engine.decideAfresh(pastBound, request, EngineFixtures.NOW), past);
    assertTrue(past instanceof Decision.Allow, "valid terms: " + past);
    Decision at = engine.decide(atBound, request);
    assertEquals(1, engine.itemMemo().size(), "at the chars bound the decision is kept");
    assertEquals(engine.decideAfresh(atBound, request, EngineFixtures.NOW), at);
  }

  @Test
  void decideItem_moreDistinctKeysThanSlots_keepsAtMostCapacityAndStaysEqual() {
    DefaultPolicyEngine engine = engine(10_000, 64L << 20);
    ItemDecisionMemo memo = engine.itemMemo();
    assertEquals(DefaultPolicyEngine.MEMO_SLOTS, memo.capacity());
    Request request = Request.of(Purpose.EVAL);
    List<ItemTerms> items = new ArrayList<>();
    for (int i = 0; i < 3 * memo.capacity(); i++) {
      items.add(ItemTerms.builder().collectives(Set.of("c"))
          .collectiveStatement(new ItemTerms.CollectiveStatement(
              "c", "allow eval # " + i, null, null, null, Set.of()))
          .build());
    }
    for (int round = 0; round < 2; round++) {
      for (ItemTerms item : items) {
        assertEquals(engine.decideAfresh(item, request, EngineFixtures.NOW), engine.decide(item, request));
      }
    }
    assertTrue(memo.size() <= memo.capacity(), "kept " + memo.size());
    assertTrue(memo.size() > memo.capacity() / 2, "the table is used: " + memo.size());
  }

  @Test
  void decideItem_smallByteBound_fewerSlotsHoldingAtMostAQuarterOfIt() {
    long bytes = 1L << 20;
    DefaultPolicyEngine engine = engine(1000, bytes);
    assertEquals(16, engine.itemMemo().capacity());
    assertTrue(engine.itemMemo().capacity() * ItemDecisionMemo.MAX_ENTRY_BYTES <= bytes / 4);
    assertEquals(1, engine(1000, 1).itemMemo().capacity(), "the smallest bound still has one slot");
  }

  /** An allow whose one reason has a message of {@code chars} chars. */
  private static Decision allowWithMessage(int chars) {
    return new Decision.Allow(Decision.Basis.EXPLICIT,
        List.of(new Reason(Layer.CONTRIBUTOR, null, null, "m".repeat(chars))));
  }

  @Test
  void keep_entryEstimatedAtAndPastMaxEntryBytes_keptAtBoundOnly() {
    ApplicableLayers none = new ApplicableLayers();
    long empty = ItemDecisionMemo.estimate(none, allowWithMessage(0));
    int atBound = (int) ((ItemDecisionMemo.MAX_ENTRY_BYTES - empty) / 2);
    assertEquals(ItemDecisionMemo.MAX_ENTRY_BYTES, ItemDecisionMemo.estimate(none, allowWithMessage(atBound)));
    ItemDecisionMemo memo = new ItemDecisionMemo(8);
    int[] segments = new int[0];
    memo.keep(1, none, segments, Purpose.TRAIN, 0, 0, null, false, allowWithMessage(atBound + 1));
    assertEquals(0, memo.size(), "past the entry bound nothing is kept");
    assertNull(memo.find(1, none, segments, Purpose.TRAIN, 0, 0, null, false));
    Decision kept = allowWithMessage(atBound);
    memo.keep(1, none, segments, Purpose.TRAIN, 0, 0, null, false, kept);
    assertEquals(1, memo.size(), "at the entry bound the decision is kept");
    assertSame(kept, memo.find(1, none, segments, Purpose.TRAIN, 0, 0, null, false));
    assertNull(memo.find(1, none, segments, Purpose.EVAL, 0, 0, null, false), "another purpose is another key");
  }

  @Test
  void decideItem_fourThreadsOnRepeatedItems_equalsSingleThreadedAfresh() throws Exception {
    PolicyGenerator gen = new PolicyGenerator(21L);
    Random random = new Random(21L);
    List<String> texts = terms(gen, 8);
    List<ItemTerms> items = items(random, gen, texts, 200);
    List<Request> requests = requests(gen);
    DefaultPolicyEngine engine = EngineFixtures.engine();
    List<Decision> expected = new ArrayList<>();
    for (ItemTerms item : items) {
      for (Request request : requests) {
        expected.add(engine.decideAfresh(item, request, at(request)));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        done.add(pool.submit(() -> {
          int checked = 0;
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < items.size(); i++) {
              int k = (i + offset * 37) % items.size();
              for (int r = 0; r < requests.size(); r++) {
                Decision actual = engine.decide(items.get(k), requests.get(r));
                if (!expected.get(k * requests.size() + r).equals(actual)) {
                  throw new AssertionError("thread " + offset + ": " + items.get(k) + " " + requests.get(r));
                }
                checked++;
              }
            }
          }
          return checked;
        }));
      }
      for (Future<Integer> f : done) {
        assertEquals(3 * items.size() * requests.size(), f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
