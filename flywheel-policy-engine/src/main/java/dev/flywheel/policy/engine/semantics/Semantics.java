package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * LANGUAGE.md section 10 as plain code: the decision for plain terms (rules 1 to 8) and for the layered terms of an
 * item (rules 9 and 10 and the join of section 10.2), computed from parsed trees with no cache and no packed form.
 * This is the reference the engine's compact tables are a memo of: the engine fills each table cell through
 * {@link StatementRules}, decides layered items through {@link LayerJoin} and {@link LicenceFloor}, and its tests
 * compare it with this class on generated cases.
 *
 * <p>Thread-safe: stateless. Deciding here parses and walks the terms on every call; it is meant for reviewing,
 * testing and tools, not for a training loader's inner loop. One difference from the engine is deliberate: for
 * invalid terms this reports every diagnostic the parser gave, where the engine keeps at most a bounded number per
 * cached text ({@code KeptDiagnostics}); the decision and its basis are the same.
 */
public final class Semantics {
  private Semantics() {}

  /**
   * Rule 6: the decision for a purpose nothing covers, with one reason from layer {@code default}.
   *
   * @param setting the engine's configured default
   * @return an allow or a deny with basis {@link Decision.Basis#DEFAULT}
   */
  public static Decision defaultDecision(DefaultDecision setting) {
    String word = setting == DefaultDecision.ALLOW ? "allow" : "deny";
    Reason reason = new Reason(Layer.DEFAULT, null, null,
        "nothing in the terms covers the purpose; the engine's default is " + word);
    return setting == DefaultDecision.ALLOW
        ? new Decision.Allow(Decision.Basis.DEFAULT, List.of(reason))
        : new Decision.Deny(Decision.Basis.DEFAULT, List.of(reason), List.of(), List.of());
  }

  /**
   * Rule 7: the deny for plain terms that cannot be used.
   *
   * @param diagnostics the parser's diagnostics, kept in their order
   * @return a deny with basis {@link Decision.Basis#ERROR}, one reason per error
   */
  public static Decision.Deny invalid(List<Diagnostic> diagnostics) {
    List<Diagnostic> copy = List.copyOf(diagnostics);
    return new Decision.Deny(Decision.Basis.ERROR, Reasons.forErrors(Layer.TERMS, copy), copy, List.of());
  }

  /**
   * The decision for plain terms given as a tree (layer {@code terms}): rules 1 to 5 and 8 give the statement's
   * verdict; a silent statement takes the default (rule 6).
   *
   * @param policy the parsed terms
   * @param request the request
   * @param at the time of use (the request's, or "now")
   * @param defaultDecision the engine's default, from {@link #defaultDecision}
   * @param printer gives a clause's canonical text, for the reasons
   * @return the decision
   */
  public static Decision decide(
      Policy policy, Request request, Instant at, Decision defaultDecision, Function<Clause, String> printer) {
    Verdict verdict = StatementRules.verdict(
        new TreeStatement(policy, at, printer), request.purpose(), FactMasks.of(request), Layer.TERMS, null);
    LayerJoin join = new LayerJoin();
    join.add(verdict);
    return join.decision(request, defaultDecision);
  }

  /**
   * The decision for plain terms text: rule 7 when they do not parse, else {@link #decide(Policy, Request, Instant,
   * Decision, Function)}.
   *
   * @param parsed the parse result of the terms
   * @param request the request
   * @param at the time of use
   * @param defaultDecision the engine's default
   * @param printer gives a clause's canonical text
   * @return the decision
   */
  public static Decision decide(
      ParseResult parsed, Request request, Instant at, Decision defaultDecision, Function<Clause, String> printer) {
    return parsed.policy()
        .map(policy -> decide(policy, request, at, defaultDecision, printer))
        .orElseGet(() -> invalid(parsed.diagnostics()));
  }

  /**
   * The decision for an item's layered terms: the statements that apply at {@code at} (rule 9), each decided on its
   * own, joined (section 10.2), then the licence floor (rule 10).
   *
   * @param item the item
   * @param request the request
   * @param at the time of use
   * @param defaultDecision the engine's default
   * @param parser parses a statement's terms text
   * @param printer gives a clause's canonical text
   * @return the decision
   */
  public static Decision decide(ItemTerms item, Request request, Instant at, Decision defaultDecision,
      Function<String, ParseResult> parser, Function<Clause, String> printer) {
    Objects.requireNonNull(parser, "parser");
    LayerJoin join = new LayerJoin();
    for (LayerStatement layer : Layering.applicable(item, at)) {
      ParseResult parsed = parser.apply(layer.terms());
      if (parsed.policy().isEmpty()) {
        join.addInvalid(layer.layer(), parsed.diagnostics());
        continue;
      }
      join.add(StatementRules.verdict(new TreeStatement(parsed.policy().get(), at, printer), request.purpose(),
          FactMasks.of(request), layer.layer(), layer.quotaScope()));
    }
    return LicenceFloor.apply(item, request, at, join.decision(request, defaultDecision));
  }
}
