package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine's layered decisions (real parser, cache, licence floor) against the main-code semantics on every
 * request, and the semantics against {@link LayeredReferenceModel} on every second, on generated items: random
 * contributor terms, preference shifts, scoped collective statements, steward defaults,
 * licences and release times, some terms invalid.
 */
class LayeredReferenceTest {
  private static final List<String> LICENCES = List.of("CC0-1.0", "CC-BY-4.0", "CC-BY-3.0", "CC-BY-SA-4.0",
      "CC-BY-SA-3.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-3.0", "MIT", "proprietary");
  private static final List<String> COLLECTIVES = List.of("masakhane", "alpha");
  private static final List<String> TAGS = List.of("language:yo", "language:sw", "domain:news");
  /** Every decision is compared engine against semantics; every second also semantics against the model. */
  private static final int MODEL_EVERY = 2;

  @Test
  void decide_generatedItems_engineEqualsSemanticsAndSemanticsAgreesWithLayeredReferenceModel() {
    PolicyGenerator gen = new PolicyGenerator(99L);
    Random random = new Random(99L);
    Map<String, Policy> policies = new HashMap<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Policy p = gen.policy();
      String text = TermsPrinter.print(p);
      if (policies.putIfAbsent(text, p) == null) {
        texts.add(text);
      }
    }
    List<String> invalid = List.of("trian", "deny tarin until 2027-01-01", "EVAL-ONLY", "allow");
    DefaultPolicyEngine engine = EngineFixtures.engine();
    int compared = 0;
    int modelCompared = 0;
    int floors = 0;
    for (int i = 0; i < 20_000; i++) {
      ItemTerms item = item(random, gen, texts, invalid);
      for (int r = 0; r < 10; r++) {
        Request request = gen.request();
        if (r == 0) {
          request = request.at(null);
        }
        Decision actual = engine.decide(item, request);
        Decision semantics = MainSemantics.decide(item, request, DefaultDecision.DENY);
        if (!semantics.equals(actual)) {
          assertEquals(semantics, actual, "engine vs semantics, " + item + " " + request);
        }
        if (r % MODEL_EVERY == 0) {
          ReferenceModel.Result expected =
              LayeredReferenceModel.decide(item, request, EngineFixtures.NOW, policies);
          ReferenceModel.Result got = ReferenceModel.Result.of(semantics);
          if (!expected.equals(got)) {
            assertEquals(expected, got, "semantics vs model, " + item + " " + request);
          }
          modelCompared++;
        }
        assertTrue(ReferenceModel.inRuleOrder(actual.obligations()));
        if (actual.reasons().stream().anyMatch(x -> x.layer().kind() == dev.flywheel.policy.Layer.Kind.LICENCE)) {
          floors++;
        }
        compared++;
      }
    }
    assertEquals(200_000, compared);
    assertEquals(200_000 / MODEL_EVERY, modelCompared);
    assertTrue(floors > 1_000, "licence floor decided " + floors + " times");
  }

  private static ItemTerms item(Random random, PolicyGenerator gen, List<String> texts, List<String> invalid) {
    ItemTerms.Builder b = ItemTerms.builder();
    if (random.nextInt(5) != 0) {
      b.terms(terms(random, texts, invalid));
    }
    if (random.nextInt(3) != 0) {
      b.contributedAt(gen.time());
    }
    for (int s = random.nextInt(3); s > 0; s--) {
      b.preferenceShift(gen.time(), terms(random, texts, invalid));
    }
    for (int s = random.nextInt(4); s > 0; s--) {
      b.collectiveStatement(new ItemTerms.CollectiveStatement(
          COLLECTIVES.get(random.nextInt(COLLECTIVES.size())), terms(random, texts, invalid),
          random.nextBoolean() ? null : gen.time(),
          random.nextInt(3) == 0 ? gen.time() : null,
          random.nextInt(3) == 0 ? gen.time() : null,
          random.nextBoolean() ? Set.of() : Set.of(TAGS.get(random.nextInt(TAGS.size())))));
    }
    if (random.nextInt(3) == 0) {
      b.stewardDefaults(terms(random, texts, invalid));
    }
    Set<String> collectives = new HashSet<>();
    for (String c : COLLECTIVES) {
      if (random.nextInt(3) != 0) {
        collectives.add(c);
      }
    }
    b.collectives(collectives);
    Set<String> tags = new HashSet<>();
    for (String t : TAGS) {
      if (random.nextBoolean()) {
        tags.add(t);
      }
    }
    b.tags(tags);
    if (random.nextInt(3) != 0) {
      b.licence(LICENCES.get(random.nextInt(LICENCES.size())));
      Instant released = random.nextBoolean() ? gen.time() : null;
      b.releasedAt(released);
    }
    return b.build();
  }

  private static String terms(Random random, List<String> texts, List<String> invalid) {
    return random.nextInt(25) == 0
        ? invalid.get(random.nextInt(invalid.size()))
        : texts.get(random.nextInt(texts.size()));
  }
}
