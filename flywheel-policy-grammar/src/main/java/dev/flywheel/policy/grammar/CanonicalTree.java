package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy's canonical text together with the tree the parser gives for that text, built without parsing it.
 *
 * <p>Terms are often written in another form than the canonical one ({@code train if attribution} for
 * {@code allow train if attribution}); a record keeps the canonical text, and the engine decides that text. Parsing it
 * again would give the same policy (printing round-trips) with spans that point into the canonical text instead of
 * the written one. This class gives exactly that tree from the written text's tree: the same clauses and conditions,
 * each span placed where the parser would place it in the canonical text (one line; offsets, lengths and columns in
 * code points). A property test holds it equal, span for span, to a parse of the printed text.
 *
 * @param text the canonical text, {@link TermsPrinter#print(Policy)}
 * @param policy the tree of {@code text}: equal to the given policy, with spans within {@code text}
 */
public record CanonicalTree(String text, Policy policy) {

  /**
   * {@return the canonical text of {@code policy} and its tree}
   *
   * @param policy a policy, as parsed from any text
   */
  public static CanonicalTree of(Policy policy) {
    Positions out = new Positions();
    List<Clause> clauses = new ArrayList<>(policy.clauses().size());
    for (Clause clause : policy.clauses()) {
      if (out.length() > 0) {
        out.append("; ");
      }
      int start = out.codePoints();
      int startChar = out.length();
      List<Condition> conditions = null;
      if (clause instanceof AllowClause allow) {
        // The text up to each condition is the printer's: "allow " purposes, then " if " or " and " per condition.
        out.append("allow ");
        appendPurposes(out, allow.purposes());
        conditions = new ArrayList<>(allow.conditions().size());
        for (Condition condition : allow.conditions()) {
          out.append(conditions.isEmpty() ? " if " : " and ");
          int from = out.codePoints();
          if (condition instanceof FactCondition fact) {
            out.append(fact.fact().word());
            conditions.add(new FactCondition(fact.fact(), out.spanFrom(from)));
          } else {
            DutyCondition duty = (DutyCondition) condition;
            out.append(TermsPrinter.print(duty.duty()));
            conditions.add(new DutyCondition(duty.duty(), out.spanFrom(from)));
          }
        }
        // The window, as the printer writes it after the conditions.
        String whole = TermsPrinter.print(clause);
        out.append(whole.substring(out.length() - startChar));
      } else {
        out.append(TermsPrinter.print(clause));
      }
      Span span = out.spanFrom(start);
      clauses.add(respan(clause, conditions, span));
    }
    String text = out.toString();
    return new CanonicalTree(text, new Policy(clauses, new Span(0, out.codePoints(), 1, 1)));
  }

  private static void appendPurposes(Positions out, List<Purpose> purposes) {
    for (int i = 0; i < purposes.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(purposes.get(i).word());
    }
  }

  private static Clause respan(Clause clause, List<Condition> conditions, Span span) {
    if (clause instanceof AllowClause allow) {
      return new AllowClause(allow.purposes(), conditions, allow.window(), span);
    } else if (clause instanceof DenyClause deny) {
      return new DenyClause(deny.purposes(), deny.window(), span);
    } else if (clause instanceof OnlyClause only) {
      return new OnlyClause(only.purpose(), only.window(), span);
    }
    DutyClause duty = (DutyClause) clause;
    return new DutyClause(duty.duty(), duty.window(), span);
  }

  /** The text being written, counting code points as it grows (names may hold characters beyond U+FFFF). */
  private static final class Positions {
    private final StringBuilder sb = new StringBuilder();
    private int codePoints;

    void append(String s) {
      sb.append(s);
      codePoints += s.codePointCount(0, s.length());
    }

    int length() {
      return sb.length();
    }

    int codePoints() {
      return codePoints;
    }

    /** A one-line span from code point {@code from} to the end of the text so far. */
    Span spanFrom(int from) {
      return new Span(from, codePoints - from, 1, from + 1);
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }
}
