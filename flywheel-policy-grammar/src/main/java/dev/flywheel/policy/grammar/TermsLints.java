package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Warnings about valid terms that are probably not what their author meant: a clause that can never decide anything,
 * a clause that has expired. Lints never change a decision and are never part of a parse: the engine does not run
 * them; authoring tools (the command line's {@code validate}, an editor) do.
 *
 * <p>Codes (docs/LANGUAGE.md, section 9): {@code dead-clause}, {@code expired-clause}. Each lint has the clause's span
 * and a help. Thread-safe and stateless; linear in the number of clauses times the purposes they name, squared at
 * worst over the clause limit (64).
 */
public final class TermsLints {
  private TermsLints() {}

  /**
   * Parses {@code terms} and lints the policy when it is valid.
   *
   * @param parser the parser, with its limits
   * @param terms the terms as written
   * @param at the time the terms are checked for ({@code expired-clause} compares {@code until} with it), or
   *     {@code null} to skip that lint
   * @return the parser's diagnostics followed by the lints' warnings (none for invalid terms), each group sorted by
   *     position
   * @throws NullPointerException if {@code parser} or {@code terms} is null
   */
  public static List<Diagnostic> check(TermsParser parser, String terms, Instant at) {
    ParseResult result = Objects.requireNonNull(parser, "parser").parse(terms);
    List<Diagnostic> all = new ArrayList<>(result.diagnostics());
    result.policy().ifPresent(policy -> all.addAll(lint(policy, at)));
    return List.copyOf(all);
  }

  /**
   * The lints of a parsed policy.
   *
   * @param policy a valid policy; clauses without a span give lints without one
   * @param at the time the terms are checked for, or {@code null} to skip {@code expired-clause}
   * @return the warnings, sorted by the position of their clause
   * @throws NullPointerException if {@code policy} is null
   */
  public static List<Diagnostic> lint(Policy policy, Instant at) {
    List<Clause> clauses = Objects.requireNonNull(policy, "policy").clauses();
    List<Diagnostic> found = new ArrayList<>();
    for (Clause clause : clauses) {
      if (clause instanceof AllowClause allow) {
        Diagnostic dead = deadAllow(allow, clauses);
        if (dead != null) {
          found.add(dead);
        }
      }
      if (at != null && clause.window().until() != null && !clause.window().until().isAfter(at)) {
        String until = TimeText.print(clause.window().until());
        found.add(Diagnostic.of(DiagnosticCode.EXPIRED_CLAUSE,
                "'" + TermsPrinter.print(clause) + "' ended at " + until + ", before " + TimeText.print(at)
                    + ": it decides nothing from then on", clause.span())
            .withHelp("remove the clause, or check its 'until' date"));
      }
    }
    found.sort(Comparator.comparingInt(d -> d.span() == null ? Integer.MAX_VALUE : d.span().offset()));
    return List.copyOf(found);
  }

  /**
   * A lint when every purpose of {@code allow} is blocked whenever the allow is active: by a deny of that same
   * purpose (rule 3: at the same level a deny wins, and where a more specific clause counts instead, the allow does
   * not count either), or by a {@code -only} of a purpose the allowed one is not within (rule 4: it denies everything
   * outside, and inside it is more specific than the allow).
   */
  private static Diagnostic deadAllow(AllowClause allow, List<Clause> clauses) {
    Clause firstBlocker = null;
    for (Purpose purpose : allow.purposes()) {
      Clause blocker = blocker(purpose, allow.window(), clauses);
      if (blocker == null) {
        return null;
      }
      if (firstBlocker == null) {
        firstBlocker = blocker;
      }
    }
    String written = TermsPrinter.print(allow);
    String by = TermsPrinter.print(firstBlocker);
    if (firstBlocker instanceof OnlyClause only) {
      return Diagnostic.of(DiagnosticCode.DEAD_CLAUSE,
              "'" + written + "' can never decide: '" + by + "' denies every purpose outside "
                  + only.purpose().word() + " whenever it is active", allow.span())
          .withHelp("inside an active '" + only.purpose().word() + "-only' only " + only.purpose().word()
              + " and the purposes under it can be allowed: remove the allow, or bound '" + by + "' in time");
    }
    return Diagnostic.of(DiagnosticCode.DEAD_CLAUSE,
            "'" + written + "' can never decide: '" + by + "' denies the same purpose whenever it is active",
            allow.span())
        .withHelp("a deny wins over an allow of the same purpose whatever their order: remove one of them, or bound"
            + " the deny in time");
  }

  private static Clause blocker(Purpose purpose, TimeWindow window, List<Clause> clauses) {
    for (Clause c : clauses) {
      if (!covers(c.window(), window)) {
        continue;
      }
      if (c instanceof DenyClause deny && deny.purposes().contains(purpose)) {
        return c;
      }
      if (c instanceof OnlyClause only && !purpose.isWithin(only.purpose())) {
        return c;
      }
    }
    return null;
  }

  /** True when {@code outer} is active whenever {@code inner} is. */
  private static boolean covers(TimeWindow outer, TimeWindow inner) {
    boolean startsInTime = outer.from() == null || (inner.from() != null && !inner.from().isBefore(outer.from()));
    boolean endsInTime = outer.until() == null || (inner.until() != null && !inner.until().isAfter(outer.until()));
    return startsInTime && endsInTime;
  }
}
