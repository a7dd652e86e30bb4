package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules 1 to 5 and 8 of LANGUAGE.md section 10.1: what one valid statement says about one purpose at one instant,
 * given the request's facts. Each method below is one rule, named in its comment, so the code can be read against the
 * text line by line. Nothing here is cached or packed; the engine's decision table holds the results of
 * {@link #verdict} per class of requests, and fills each cell by calling it.
 *
 * <p>Rules 6 and 7 (the default, errors) and the layered rules live in {@link Semantics}, {@link LayerJoin} and
 * {@link LicenceFloor}. Thread-safe: stateless.
 */
public final class StatementRules {
  private static final Purpose[] PURPOSES = Purpose.values();
  private static final Fact[] FACTS = Fact.values();

  private StatementRules() {}

  /**
   * What {@code statement} says about {@code purpose} for a request declaring {@code facts}.
   *
   * @param statement the statement's clauses at the request's time (rule 8 is the view's {@code active})
   * @param purpose the requested purpose
   * @param facts the request's facts, a mask of {@link Fact} ordinals
   * @param layer the layer the reasons name
   * @param quotaScope the scope given to quota duties (a collective's name, rule 11), or {@code null}
   * @return silent, deny or allow, with sorted reasons and duties
   */
  public static Verdict verdict(StatementView statement, Purpose purpose, int facts, Layer layer, String quotaScope) {
    List<Reason> excluding = onlyExclusions(statement, purpose, layer);
    if (!excluding.isEmpty()) {
      return new Verdict(Verdict.Kind.DENY, Reasons.sorted(excluding), List.of(), 0);
    }
    Purpose level = level(statement, purpose);
    List<Duty> standalone = new ArrayList<>();
    List<Reason> dutyReasons = standaloneDuties(statement, level, layer, quotaScope, standalone);
    if (level == null) {
      return uncovered(standalone, dutyReasons);
    }
    return atLevel(statement, level, facts, layer, quotaScope, standalone, dutyReasons);
  }

  /**
   * Rule 1: a clause applies to every purpose it names and every purpose under them. (Rule 2 needs the named level
   * itself; this is the plain reading, for callers and tests.)
   *
   * @param statement the statement
   * @param clause the clause's index
   * @param purpose the requested purpose
   * @return true when some purpose the clause names contains {@code purpose}
   */
  public static boolean applies(StatementView statement, int clause, Purpose purpose) {
    for (Purpose p = purpose; p != null; p = p.parent()) {
      if (statement.names(clause, p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Rule 4, first half: every active {@code P-only} clause whose P does not contain {@code purpose} denies it,
   * whatever else the statement says. Returns those clauses' reasons (empty when none excludes the purpose).
   */
  private static List<Reason> onlyExclusions(StatementView statement, Purpose purpose, Layer layer) {
    List<Reason> reasons = new ArrayList<>();
    for (int i = 0; i < statement.clauseCount(); i++) {
      if (statement.kind(i) == ClauseKind.ONLY && statement.active(i)) {
        Purpose only = onlyPurpose(statement, i);
        if (!purpose.isWithin(only)) {
          reasons.add(statement.reason(i, layer, "denies every purpose outside " + only.word()));
        }
      }
    }
    return reasons;
  }

  /**
   * Rule 2: the most specific level that counts: {@code purpose} itself if an active allow, deny or only clause names
   * it, else its nearest ancestor that one names; {@code null} when none does (rule 4, second half: an only clause
   * counts at its own level as an allow).
   *
   * @param statement the statement
   * @param purpose the requested purpose
   * @return the level, or {@code null} when no such clause applies
   */
  public static Purpose level(StatementView statement, Purpose purpose) {
    for (Purpose p = purpose; p != null; p = p.parent()) {
      for (int i = 0; i < statement.clauseCount(); i++) {
        if (statement.kind(i) != ClauseKind.DUTY && statement.active(i) && statement.names(i, p)) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * Rule 5: the active standalone duties, added to {@code duties}; returns their reasons, which say whether they
   * bind the allows (the purpose has a level) or allow on their own (it has none).
   */
  private static List<Reason> standaloneDuties(
      StatementView statement, Purpose level, Layer layer, String quotaScope, List<Duty> duties) {
    List<Reason> reasons = new ArrayList<>();
    for (int i = 0; i < statement.clauseCount(); i++) {
      if (statement.kind(i) == ClauseKind.DUTY && statement.active(i)) {
        Duty duty = statement.duties(i).get(0);
        duties.add(scoped(duty, quotaScope));
        reasons.add(statement.reason(i, layer, level == null
            ? "allows every use nothing else covers, subject to " + duty.type().word()
            : "adds " + duty.type().word() + " to every allow"));
      }
    }
    return reasons;
  }

  /**
   * Rules 5 and 6: no allow, deny or only clause applies. Standalone duties alone allow, subject to themselves; with
   * none, the statement is silent (the engine's default or other layers decide).
   */
  private static Verdict uncovered(List<Duty> standalone, List<Reason> dutyReasons) {
    return standalone.isEmpty()
        ? Verdict.SILENT
        : new Verdict(Verdict.Kind.ALLOW, Reasons.sorted(dutyReasons), Duties.union(standalone), 0);
  }

  /**
   * Rule 3 at {@code level}: any deny there wins; otherwise every allow (or only clause, rule 4) whose facts hold
   * allows, with the union of their duties and the standalone ones (rule 5); if none holds, deny, naming the facts
   * of the allows that miss the fewest.
   */
  private static Verdict atLevel(StatementView statement, Purpose level, int facts, Layer layer, String quotaScope,
      List<Duty> standalone, List<Reason> dutyReasons) {
    List<Reason> denying = new ArrayList<>();
    for (int i = 0; i < statement.clauseCount(); i++) {
      if (statement.kind(i) == ClauseKind.DENY && statement.active(i) && statement.names(i, level)) {
        denying.add(statement.reason(i, layer, "denies " + purposeWords(statement, i)));
      }
    }
    if (!denying.isEmpty()) {
      return new Verdict(Verdict.Kind.DENY, Reasons.sorted(denying), List.of(), 0);
    }
    List<Reason> allowing = new ArrayList<>();
    List<Duty> duties = new ArrayList<>(standalone);
    List<Reason> failed = new ArrayList<>();
    int fewestMissing = Integer.MAX_VALUE;
    int wouldAllowWith = 0;
    for (int i = 0; i < statement.clauseCount(); i++) {
      ClauseKind kind = statement.kind(i);
      if ((kind != ClauseKind.ALLOW && kind != ClauseKind.ONLY) || !statement.active(i)
          || !statement.names(i, level)) {
        continue;
      }
      int required = statement.requiredFacts(i);
      int missing = required & ~facts;
      if (missing == 0) {
        allowing.add(statement.reason(i, layer, "allows " + purposeWords(statement, i)));
        for (Duty d : statement.duties(i)) {
          duties.add(scoped(d, quotaScope));
        }
      } else {
        failed.add(statement.reason(
            i, layer, "allows " + purposeWords(statement, i) + " only with " + factWords(required)));
        int missingCount = Integer.bitCount(missing);
        if (missingCount < fewestMissing) {
          fewestMissing = missingCount;
          wouldAllowWith = missing;
        } else if (missingCount == fewestMissing) {
          wouldAllowWith |= missing; // a tie: the union of the missing facts
        }
      }
    }
    if (!allowing.isEmpty()) {
      if (!standalone.isEmpty()) {
        allowing.addAll(dutyReasons);
      }
      return new Verdict(Verdict.Kind.ALLOW, Reasons.sorted(allowing), Duties.union(duties), 0);
    }
    return new Verdict(Verdict.Kind.DENY, Reasons.sorted(failed), List.of(), wouldAllowWith);
  }

  /** Rule 11: a quota from a collective's statement takes the collective's name as its scope. */
  private static Duty scoped(Duty duty, String quotaScope) {
    return quotaScope != null && duty instanceof Duty.Quota q ? q.withScope(quotaScope) : duty;
  }

  /** The purpose of a {@code P-only} clause: the one purpose it names. */
  private static Purpose onlyPurpose(StatementView statement, int clause) {
    for (Purpose p : PURPOSES) {
      if (statement.names(clause, p)) {
        return p;
      }
    }
    throw new IllegalStateException("an only clause names no purpose");
  }

  /** The purposes a clause names, as words joined by ", ", in the order of the purpose tree. */
  private static String purposeWords(StatementView statement, int clause) {
    StringBuilder words = new StringBuilder();
    for (Purpose p : PURPOSES) {
      if (statement.names(clause, p)) {
        if (words.length() > 0) {
          words.append(", ");
        }
        words.append(p.word());
      }
    }
    return words.toString();
  }

  /** The facts of a mask, as words joined by " and ", in enum order. */
  private static String factWords(int mask) {
    StringBuilder words = new StringBuilder();
    for (Fact f : FACTS) {
      if ((mask & (1 << f.ordinal())) != 0) {
        if (words.length() > 0) {
          words.append(" and ");
        }
        words.append(f.word());
      }
    }
    return words.toString();
  }
}
