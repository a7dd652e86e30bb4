package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A parsed statement seen at one instant, read straight from the tree: the plain {@link StatementView} that the rules
 * are checked against. Reasons quote each clause's canonical text (from {@code printer}) and its span as parsed.
 */
public final class TreeStatement implements StatementView {
  private final List<Clause> clauses;
  private final Instant at;
  private final Function<Clause, String> printer;

  /**
   * A view of {@code policy} at {@code at}.
   *
   * @param policy the parsed statement
   * @param at the instant whose active clauses count
   * @param printer gives the canonical text of a clause
   * @throws NullPointerException if an argument is null
   */
  public TreeStatement(Policy policy, Instant at, Function<Clause, String> printer) {
    this.clauses = Objects.requireNonNull(policy, "policy").clauses();
    this.at = Objects.requireNonNull(at, "at");
    this.printer = Objects.requireNonNull(printer, "printer");
  }

  @Override
  public int clauseCount() {
    return clauses.size();
  }

  @Override
  public ClauseKind kind(int clause) {
    Clause c = clauses.get(clause);
    if (c instanceof AllowClause) {
      return ClauseKind.ALLOW;
    } else if (c instanceof DenyClause) {
      return ClauseKind.DENY;
    } else if (c instanceof OnlyClause) {
      return ClauseKind.ONLY;
    }
    return ClauseKind.DUTY;
  }

  /** Rule 8: {@code from} inclusive, {@code until} exclusive; an unset bound does not limit. */
  @Override
  public boolean active(int clause) {
    Instant from = clauses.get(clause).window().from();
    Instant until = clauses.get(clause).window().until();
    return (from == null || !at.isBefore(from)) && (until == null || at.isBefore(until));
  }

  @Override
  public boolean names(int clause, Purpose purpose) {
    Clause c = clauses.get(clause);
    if (c instanceof AllowClause a) {
      return a.purposes().contains(purpose);
    } else if (c instanceof DenyClause d) {
      return d.purposes().contains(purpose);
    } else if (c instanceof OnlyClause o) {
      return o.purpose() == purpose;
    }
    return false; // a standalone duty names no purpose
  }

  @Override
  public int requiredFacts(int clause) {
    int mask = 0;
    if (clauses.get(clause) instanceof AllowClause a) {
      for (Condition c : a.conditions()) {
        if (c instanceof FactCondition f) {
          mask |= 1 << f.fact().ordinal();
        }
      }
    }
    return mask;
  }

  @Override
  public List<Duty> duties(int clause) {
    Clause c = clauses.get(clause);
    if (c instanceof DutyClause d) {
      return List.of(d.duty());
    }
    List<Duty> duties = new ArrayList<>();
    if (c instanceof AllowClause a) {
      for (Condition condition : a.conditions()) {
        if (condition instanceof DutyCondition d && !duties.contains(d.duty())) {
          duties.add(d.duty());
        }
      }
    }
    return duties;
  }

  @Override
  public Reason reason(int clause, Layer layer, String what) {
    Clause c = clauses.get(clause);
    String text = printer.apply(c);
    return new Reason(layer, text, c.span(), "'" + text + "' " + what);
  }
}
