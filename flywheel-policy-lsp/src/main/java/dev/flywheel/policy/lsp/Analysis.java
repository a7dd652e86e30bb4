package dev.flywheel.policy.lsp;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.grammar.TermsLints;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the server knows about one version of a document: the parse and every diagnostic (the parser's and the
 * lints'), sorted by position.
 */
record Analysis(ParseResult parse, List<Diagnostic> diagnostics) {

  Analysis {
    diagnostics = List.copyOf(diagnostics);
  }

  /**
   * Parses {@code text} and, when it is valid, adds the lints ({@link TermsLints}) for the instant {@code at}: the
   * diagnostics {@code flywheel-policy validate --at} prints, sorted by position.
   */
  static Analysis of(TermsParser parser, String text, Instant at) {
    ParseResult parse = parser.parse(text);
    List<Diagnostic> all = new ArrayList<>(parse.diagnostics());
    parse.policy().ifPresent(policy -> all.addAll(TermsLints.lint(policy, at)));
    all.sort(Diagnostic.BY_POSITION);
    return new Analysis(parse, all);
  }

  /** The collective names this document pays, in order of first appearance; none when it does not parse. */
  Set<String> paidCollectives() {
    Set<String> names = new LinkedHashSet<>();
    if (parse.policy().isEmpty()) {
      return names;
    }
    Policy policy = parse.policy().get();
    for (Clause clause : policy.clauses()) {
      if (clause instanceof DutyClause duty && duty.duty() instanceof Duty.Payment payment) {
        names.add(payment.collective());
      } else if (clause instanceof AllowClause allow) {
        for (Condition condition : allow.conditions()) {
          if (condition instanceof DutyCondition duty && duty.duty() instanceof Duty.Payment payment) {
            names.add(payment.collective());
          }
        }
      }
    }
    return names;
  }
}
