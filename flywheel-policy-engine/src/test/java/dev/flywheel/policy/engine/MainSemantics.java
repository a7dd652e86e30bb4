package dev.flywheel.policy.engine;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.engine.semantics.Semantics;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The main-code semantics ({@link Semantics}) as the comparison tests call it: requests without a time are decided at
 * {@link EngineFixtures#NOW}, the engines' fixed clock. Parse results are memoised here, in the test, so that the
 * layered comparison does not spend its time in the parser; the semantics itself keeps nothing.
 */
final class MainSemantics {
  private static final TermsParser PARSER = TermsParser.withDefaults();
  private static final Map<String, ParseResult> PARSED = new ConcurrentHashMap<>();

  private MainSemantics() {}

  static Decision decide(Policy policy, Request request, DefaultDecision setting) {
    return Semantics.decide(policy, request, request.at() != null ? request.at() : EngineFixtures.NOW,
        Semantics.defaultDecision(setting), TermsPrinter::print);
  }

  static Decision decide(ItemTerms item, Request request, DefaultDecision setting) {
    return Semantics.decide(item, request, request.at() != null ? request.at() : EngineFixtures.NOW,
        Semantics.defaultDecision(setting), text -> PARSED.computeIfAbsent(text, PARSER::parse), TermsPrinter::print);
  }
}
