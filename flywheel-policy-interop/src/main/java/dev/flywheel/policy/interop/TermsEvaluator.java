package dev.flywheel.policy.interop;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one statement of terms says about one purpose at one instant, in the few outcomes importers and exporters
 * need. The answer is the engine's: this class only translates a {@link Decision} (an engine with the default deny,
 * where a deny with basis {@code default} means the statement says nothing), so the semantics are stated once.
 *
 * <p>The exporters need to know whether terms give a purpose <em>unconditionally</em>; this is that question.
 */
final class TermsEvaluator {
  /** One engine for the module: it is thread-safe and its cache serves every import and export. */
  private static final PolicyEngine ENGINE = PolicyEngine.builder().maximumCacheSize(1024).build();

  private TermsEvaluator() {}

  enum Outcome {
    /** Allowed with no duty. */
    ALLOW,
    /** Allowed only with duties (an obligation). */
    OBLIGATION,
    /** Refused: an explicit deny, an -only elsewhere, or allows whose facts do not hold. */
    DENY,
    /** Nothing in the statement covers the purpose. */
    NONE
  }

  /**
   * @param outcome the outcome
   * @param duties for an obligation, its duties in the engine's order (attribution, payments by collective, quotas)
   * @param wouldAllowWith for a deny by failed facts, the facts that would allow; empty otherwise
   */
  record Verdict(Outcome outcome, List<Duty> duties, List<Fact> wouldAllowWith) {}

  static Verdict decide(Policy policy, Purpose purpose, Set<Fact> facts, Instant at) {
    Decision d = ENGINE.decide(TermsPrinter.print(policy), new Request(purpose, facts, at, Set.of()));
    if (d instanceof Decision.Allow) {
      return new Verdict(Outcome.ALLOW, List.of(), List.of());
    }
    if (d instanceof Decision.Obligation) {
      return new Verdict(Outcome.OBLIGATION, d.obligations(), List.of());
    }
    Decision.Deny deny = (Decision.Deny) d;
    // An error cannot come from a printed tree; should it ever, it is a refusal (fail closed), never "says nothing".
    return deny.basis() == Decision.Basis.DEFAULT
        ? new Verdict(Outcome.NONE, List.of(), List.of())
        : new Verdict(Outcome.DENY, List.of(), deny.wouldAllowWith());
  }
}
