package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TimeWindow;
import java.util.List;

/**
 * Prints policies in canonical form. {@code parse(print(p))} equals {@code p}, and printing is idempotent.
 *
 * <p>The canonical form normalises spelling and layout only: {@code no-P} becomes {@code deny P}, {@code P if C}
 * becomes {@code allow P if C}, tokens are separated by single spaces, clauses by {@code "; "}, list items by
 * {@code ", "}; {@code from} comes before {@code until}; a time is a date when it is midnight UTC and an ISO instant in
 * UTC otherwise; a name is quoted only when it must be; amounts are plain decimals without trailing zeros. Clause and
 * list order stay as written (order never changes a decision, and authors order clauses for readers).
 */
public final class TermsPrinter {
  private TermsPrinter() {}

  /** The canonical text of {@code policy}. */
  public static String print(Policy policy) {
    StringBuilder sb = new StringBuilder();
    for (Clause clause : policy.clauses()) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      appendClause(sb, clause);
    }
    return sb.toString();
  }

  /** The canonical text of one clause. */
  public static String print(Clause clause) {
    StringBuilder sb = new StringBuilder();
    appendClause(sb, clause);
    return sb.toString();
  }

  /** The canonical text of one duty, e.g. {@code pay collective "Te Hiku Media"}. */
  public static String print(Duty duty) {
    StringBuilder sb = new StringBuilder();
    appendDuty(sb, duty);
    return sb.toString();
  }

  /** A collective name as it is written in terms: bare when it can be, otherwise quoted with escapes. */
  public static String name(String name) {
    if (Keywords.isBareName(name)) {
      return name;
    }
    return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void appendClause(StringBuilder sb, Clause clause) {
    if (clause instanceof AllowClause allow) {
      sb.append("allow ");
      appendPurposes(sb, allow.purposes());
      List<Condition> conditions = allow.conditions();
      for (int i = 0; i < conditions.size(); i++) {
        sb.append(i == 0 ? " if " : " and ");
        Condition condition = conditions.get(i);
        if (condition instanceof FactCondition fact) {
          sb.append(fact.fact().word());
        } else {
          appendDuty(sb, ((DutyCondition) condition).duty());
        }
      }
    } else if (clause instanceof DenyClause deny) {
      sb.append("deny ");
      appendPurposes(sb, deny.purposes());
    } else if (clause instanceof OnlyClause only) {
      sb.append(only.purpose().word()).append("-only");
    } else {
      appendDuty(sb, ((DutyClause) clause).duty());
    }
    appendWindow(sb, clause.window());
  }

  private static void appendPurposes(StringBuilder sb, List<Purpose> purposes) {
    for (int i = 0; i < purposes.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(purposes.get(i).word());
    }
  }

  private static void appendDuty(StringBuilder sb, Duty duty) {
    if (duty instanceof Duty.Payment p) {
      sb.append("pay collective ").append(name(p.collective()));
      if (p.amount() != null) {
        sb.append(' ').append(p.amount().plainValue()).append(' ').append(p.amount().currency()).append(" per item");
      }
    } else if (duty instanceof Duty.Quota q) {
      sb.append("limit ").append(q.limit()).append(" per ").append(q.period().word());
    } else {
      sb.append("attribution");
    }
  }

  private static void appendWindow(StringBuilder sb, TimeWindow window) {
    if (window.from() != null) {
      sb.append(" from ").append(TimeText.print(window.from()));
    }
    if (window.until() != null) {
      sb.append(" until ").append(TimeText.print(window.until()));
    }
  }
}
