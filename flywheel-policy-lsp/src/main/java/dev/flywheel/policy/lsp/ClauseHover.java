package dev.flywheel.policy.lsp;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * The hover of a clause: what the clause alone, and the whole statement, decide for every purpose.
 *
 * <p>The answers come from the engine, not from a description of the clause: the clause's canonical text and the
 * statement's are decided as terms for each purpose at the server clock's instant, with no facts declared and every
 * obligation type honoured, so the table shows the same allow, deny or obligation that {@code flywheel-policy decide}
 * prints. A deny that a fact would turn into an allow says which fact.
 */
final class ClauseHover {
  private final PolicyEngine engine;

  ClauseHover(PolicyEngine engine) {
    this.engine = engine;
  }

  /** The clause of {@code policy} whose span holds the code-point {@code offset}, or the nearest before it. */
  static Clause clauseAt(Policy policy, int offset) {
    Clause found = null;
    for (Clause clause : policy.clauses()) {
      Span span = clause.span();
      if (span == null) {
        continue;
      }
      if (span.offset() <= offset) {
        found = clause;
      }
      if (offset < span.end()) {
        break;
      }
    }
    return found;
  }

  /** The hover over {@code clause} of {@code policy}, its range set from {@code positions}. */
  Hover hover(Policy policy, Clause clause, TextPositions positions, Instant at) {
    String clauseText = TermsPrinter.print(clause);
    String policyText = TermsPrinter.print(policy);
    boolean single = policy.clauses().size() == 1;
    StringBuilder md = new StringBuilder();
    md.append("`").append(clauseText).append("` at ").append(at).append(", no facts declared\n\n");
    md.append(single ? "| purpose | decides |\n| --- | --- |\n" : "| purpose | this clause | the whole terms |\n| --- | --- | --- |\n");
    Set<ObligationType> every = EnumSet.allOf(ObligationType.class);
    for (Purpose purpose : Purpose.values()) {
      Request request = new Request(purpose, Set.of(), at, every);
      md.append("| ").append(purpose.word()).append(" | ").append(describe(engine.decide(clauseText, request)));
      if (!single) {
        md.append(" | ").append(describe(engine.decide(policyText, request)));
      }
      md.append(" |\n");
    }
    Hover hover = new Hover(new MarkupContent(MarkupKind.MARKDOWN, md.toString()));
    if (clause.span() != null) {
      hover.setRange(positions.range(clause.span()));
    }
    return hover;
  }

  /** One decision in a table cell: {@code allow}, {@code deny (default)}, {@code obligation: attribution}. */
  static String describe(Decision decision) {
    String text;
    if (decision instanceof Decision.Obligation obligation) {
      text = "obligation: " + duties(obligation.obligations());
    } else if (decision instanceof Decision.Deny deny) {
      String word = deny.basis() == Decision.Basis.EXPLICIT ? "deny" : "deny (" + deny.basis().word() + ")";
      List<Fact> with = deny.wouldAllowWith();
      text = with.isEmpty() ? word
          : word + "; allowed with " + with.stream().map(Fact::word).collect(Collectors.joining(" and "));
    } else {
      text = decision.basis() == Decision.Basis.DEFAULT ? "allow (default)" : "allow";
    }
    // A table cell ends at '|'; a collective's quoted name may hold one.
    return text.replace("|", "\\|");
  }

  private static String duties(List<Duty> duties) {
    return duties.stream().map(TermsPrinter::print).collect(Collectors.joining(", "));
  }
}
