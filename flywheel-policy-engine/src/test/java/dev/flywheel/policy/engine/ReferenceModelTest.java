package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine (compiled tables, cache, lazily filled cells) against the main-code semantics
 * ({@link dev.flywheel.policy.engine.semantics.Semantics}), and the semantics against {@link ReferenceModel}, on a
 * million generated statements and requests. The engine must give exactly the semantics' decision (reasons, spans and
 * messages included) on every pair; the semantics must agree with the model on kind, basis, obligations,
 * wouldAllowWith, isAllowed and the deciding clauses on every fourth pair.
 */
class ReferenceModelTest {
  private static final long SEED = 20_261_115L;
  private static final int POLICIES = 2_500;
  private static final int REQUESTS_PER_POLICY = 400;
  /**
   * Every pair is compared engine against semantics; every fourth also semantics against the model, so that the
   * three-way comparison costs about what the two-way one did.
   */
  private static final int MODEL_EVERY = 4;

  @Test
  void decide_millionGeneratedPairs_engineEqualsSemanticsAndSemanticsAgreesWithReferenceModel() {
    PolicyGenerator gen = new PolicyGenerator(SEED);
    Map<String, Policy> byText = new HashMap<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < POLICIES; i++) {
      Policy p = gen.policy();
      String text = TermsPrinter.print(p);
      if (byText.putIfAbsent(text, p) == null) {
        texts.add(text);
      }
    }
    // The trees are fed to the engine as they are (no parser in the way), keyed by their canonical text.
    java.util.function.Function<String, ParseResult> treeParser =
        text -> ParseResult.valid(byText.get(text), List.of());
    DefaultPolicyEngine denyDefault = new DefaultPolicyEngine(
        EngineFixtures.settings(1000, DefaultDecision.DENY, EngineFixtures.FIXED), treeParser, TermsPrinter::print);
    DefaultPolicyEngine allowDefault = new DefaultPolicyEngine(
        EngineFixtures.settings(1000, DefaultDecision.ALLOW, EngineFixtures.FIXED), treeParser, TermsPrinter::print);
    long compared = 0;
    long modelCompared = 0;
    int round = 0;
    while (compared < 1_000_000) {
      for (String text : texts) {
        if (compared >= 1_000_000) {
          break;
        }
        Policy policy = byText.get(text);
        boolean allowByDefault = (round++ & 1) == 1;
        DefaultPolicyEngine engine = allowByDefault ? allowDefault : denyDefault;
        DefaultDecision def = allowByDefault ? DefaultDecision.ALLOW : DefaultDecision.DENY;
        for (int r = 0; r < REQUESTS_PER_POLICY; r++) {
          Request request = gen.request();
          if (r % 8 == 0) {
            request = request.at(null); // the engine's fixed clock
          }
          Decision actual = engine.decide(text, request);
          Decision semantics = MainSemantics.decide(policy, request, def);
          if (!semantics.equals(actual)) {
            assertEquals(semantics, actual, "engine vs semantics, terms '" + text + "' " + request);
          }
          assertTrue(ReferenceModel.inRuleOrder(actual.obligations()), () -> "order " + actual.obligations());
          compared++;
          if (compared % MODEL_EVERY != 0) {
            continue;
          }
          ReferenceModel.Result expected =
              ReferenceModel.decide(policy, request, EngineFixtures.NOW, def, TermsPrinter::print);
          modelCompared++;
          if (!expected.equals(ReferenceModel.Result.of(semantics))) {
            assertEquals(expected, ReferenceModel.Result.of(semantics), "semantics vs model, terms '" + text + "' "
                + request);
          }
        }
      }
    }
    assertEquals(1_000_000, compared);
    assertEquals(1_000_000 / MODEL_EVERY, modelCompared);
    assertTrue(texts.size() > 2_000, "generated distinct statements: " + texts.size());
  }

  @Test
  void decide_printedAndParsedStatements_agreeWithReferenceModel() {
    PolicyGenerator gen = new PolicyGenerator(SEED + 1);
    DefaultPolicyEngine engine = EngineFixtures.engine();
    int compared = 0;
    for (int i = 0; i < 2_000; i++) {
      Policy policy = gen.policy();
      String text = TermsPrinter.print(policy);
      for (int r = 0; r < 10; r++) {
        Request request = gen.request();
        Decision actual = engine.decide(text, request);
        ReferenceModel.Result expected =
            ReferenceModel.decide(policy, request, EngineFixtures.NOW, DefaultDecision.DENY, TermsPrinter::print);
        assertEquals(expected, ReferenceModel.Result.of(actual), () -> "terms '" + text + "' " + request);
        Policy reparsed = TermsParser.withDefaults().parse(text).policy().orElseThrow(); // with the text's spans
        assertEquals(MainSemantics.decide(reparsed, request, DefaultDecision.DENY), actual, () -> "terms '" + text
            + "' " + request);
        compared++;
      }
    }
    assertEquals(20_000, compared);
  }
}
