package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.grammar.internal.FlywheelTermsBaseVisitor;
import dev.flywheel.policy.grammar.internal.FlywheelTermsParser;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.TimeWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds one clause of the AST from a parse tree that had no syntax error, checking the values the grammar leaves
 * open (dates, names, amounts, limits). Any error found here means the clause is not built: the caller then builds
 * no policy at all.
 */
final class ClauseBuilder extends FlywheelTermsBaseVisitor<Object> {
  private static final int MAX_INTEGER_DIGITS = 12;
  private static final int MAX_FRACTION_DIGITS = 9;

  private final SourceText source;
  private final int maxNameLength;
  private final BoundedDiagnostics diagnostics;
  private boolean failed;

  ClauseBuilder(SourceText source, int maxNameLength, BoundedDiagnostics diagnostics) {
    this.source = source;
    this.maxNameLength = maxNameLength;
    this.diagnostics = diagnostics;
  }

  /** The clause, or {@code null} when a value in it was invalid (the diagnostics say why). */
  Clause build(FlywheelTermsParser.SingleClauseContext tree, Span clauseSpan) {
    failed = false;
    FlywheelTermsParser.ClauseContext clause = tree.clause();
    TimeWindow window = window(clause.timeBound());
    Object body = visit(clause.body());
    if (failed || window == null) {
      return null;
    }
    Body b = (Body) body;
    return switch (b.kind) {
      case ALLOW -> new AllowClause(b.purposes, b.conditions, window, clauseSpan);
      case DENY -> new DenyClause(b.purposes, window, clauseSpan);
      case ONLY -> new OnlyClause(b.purposes.get(0), window, clauseSpan);
      case DUTY -> new DutyClause(b.duty, window, clauseSpan);
    };
  }

  private enum Kind { ALLOW, DENY, ONLY, DUTY }

  /** The body of a clause before its time window is known. */
  private record Body(Kind kind, List<Purpose> purposes, List<Condition> conditions, Duty duty) {}

  @Override
  public Object visitAllowBody(FlywheelTermsParser.AllowBodyContext ctx) {
    List<Condition> conditions = ctx.conditionList() == null ? List.of() : conditions(ctx.conditionList());
    return new Body(Kind.ALLOW, purposes(ctx.purposeList()), conditions, null);
  }

  @Override
  public Object visitConditionalBody(FlywheelTermsParser.ConditionalBodyContext ctx) {
    return new Body(Kind.ALLOW, List.of(purpose(ctx.purpose().PURPOSE())), conditions(ctx.conditionList()), null);
  }

  @Override
  public Object visitDenyBody(FlywheelTermsParser.DenyBodyContext ctx) {
    return new Body(Kind.DENY, purposes(ctx.purposeList()), List.of(), null);
  }

  @Override
  public Object visitOnlyBody(FlywheelTermsParser.OnlyBodyContext ctx) {
    String text = ctx.ONLY_PURPOSE().getText();
    Purpose p = Purpose.fromWord(text.substring(0, text.length() - "-only".length())).orElseThrow();
    return new Body(Kind.ONLY, List.of(p), List.of(), null);
  }

  @Override
  public Object visitNoBody(FlywheelTermsParser.NoBodyContext ctx) {
    Purpose p = Purpose.fromWord(ctx.NO_PURPOSE().getText().substring("no-".length())).orElseThrow();
    return new Body(Kind.DENY, List.of(p), List.of(), null);
  }

  @Override
  public Object visitDutyBody(FlywheelTermsParser.DutyBodyContext ctx) {
    return new Body(Kind.DUTY, List.of(), List.of(), (Duty) visit(ctx.duty()));
  }

  @Override
  public Object visitAttributionDuty(FlywheelTermsParser.AttributionDutyContext ctx) {
    return Duty.Attribution.INSTANCE;
  }

  @Override
  public Object visitPaymentDuty(FlywheelTermsParser.PaymentDutyContext ctx) {
    String name = (String) visit(ctx.name());
    Duty.Amount amount = ctx.price() == null ? null : amount(ctx.price());
    return name == null ? null : new Duty.Payment(name, amount);
  }

  @Override
  public Object visitQuotaDuty(FlywheelTermsParser.QuotaDutyContext ctx) {
    Token number = ctx.NUMBER().getSymbol();
    String text = number.getText();
    QuotaPeriod period = QuotaPeriod.fromWord(ctx.PERIOD().getText()).orElseThrow();
    if (text.indexOf('.') >= 0 || text.length() > MAX_INTEGER_DIGITS || new BigDecimal(text).signum() == 0) {
      error(DiagnosticCode.INVALID_LIMIT, "invalid limit '" + NameRules.excerpt(text) + "': a whole number from 1 to "
          + "999999999999 is expected", span(number), null);
      return null;
    }
    return new Duty.Quota(Long.parseLong(text), period, null);
  }

  @Override
  public Object visitBareName(FlywheelTermsParser.BareNameContext ctx) {
    Token word = ctx.WORD().getSymbol();
    String name = word.getText();
    if (!Keywords.hasBareNameShape(name)) {
      String shown = NameRules.excerpt(name);
      error(DiagnosticCode.INVALID_NAME, "invalid collective name '" + shown + "': a name without quotes is a "
          + "lower-case letter followed by lower-case letters, digits, '_' or '-'", span(word),
          "write the name in double quotes: \"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
      return null;
    }
    return checkName(name, word);
  }

  @Override
  public Object visitQuotedName(FlywheelTermsParser.QuotedNameContext ctx) {
    Token token = ctx.STRING().getSymbol();
    String raw = token.getText();
    StringBuilder value = new StringBuilder(raw.length());
    int offset = token.getStartIndex() + 1;
    for (int i = 1; i < raw.length() - 1; ) {
      int cp = raw.codePointAt(i);
      if (cp == '\\') {
        int next = raw.codePointAt(i + 1);
        if (next != '"' && next != '\\') {
          error(DiagnosticCode.INVALID_ESCAPE, "invalid escape '\\" + new String(Character.toChars(next))
              + "' in a quoted name: only \\\" and \\\\ are escapes", source.span(offset, 2), null);
          return null;
        }
        value.appendCodePoint(next);
        i += 1 + Character.charCount(next);
        offset += 2;
      } else {
        value.appendCodePoint(cp);
        i += Character.charCount(cp);
        offset += 1;
      }
    }
    return checkName(value.toString(), token);
  }

  /** {@code name} if it follows {@link NameRules}, the same rules as names in records; otherwise reports why. */
  private String checkName(String name, Token token) {
    List<Diagnostic> problems = NameRules.check(name, maxNameLength);
    if (problems.isEmpty()) {
      return name;
    }
    failed = true;
    Span span = span(token);
    for (Diagnostic d : problems) {
      diagnostics.add(new Diagnostic(d.code(), d.severity(), d.message(), d.help(), span, null));
    }
    return null;
  }

  private Duty.Amount amount(FlywheelTermsParser.PriceContext ctx) {
    Token number = ctx.NUMBER().getSymbol();
    String text = number.getText();
    int dot = text.indexOf('.');
    int integerDigits = dot < 0 ? text.length() : dot;
    int fractionDigits = dot < 0 ? 0 : text.length() - dot - 1;
    if (integerDigits > MAX_INTEGER_DIGITS || fractionDigits > MAX_FRACTION_DIGITS) {
      error(DiagnosticCode.INVALID_AMOUNT, "invalid amount '" + NameRules.excerpt(text) + "': at most " + MAX_INTEGER_DIGITS
          + " digits before the point and " + MAX_FRACTION_DIGITS + " after it", span(number), null);
      return null;
    }
    return new Duty.Amount(new BigDecimal(text), ctx.CURRENCY().getText());
  }

  private List<Purpose> purposes(FlywheelTermsParser.PurposeListContext ctx) {
    List<Purpose> purposes = new ArrayList<>();
    for (FlywheelTermsParser.PurposeContext p : ctx.purpose()) {
      Purpose purpose = purpose(p.PURPOSE());
      if (purposes.contains(purpose)) {
        warn(DiagnosticCode.DUPLICATE_ENTRY, "purpose '" + purpose + "' is listed twice", span(p.PURPOSE()));
      } else {
        purposes.add(purpose);
      }
    }
    return purposes;
  }

  private static Purpose purpose(TerminalNode node) {
    return Purpose.fromWord(node.getText()).orElseThrow();
  }

  private List<Condition> conditions(FlywheelTermsParser.ConditionListContext ctx) {
    List<Condition> conditions = new ArrayList<>();
    Set<Object> seen = new HashSet<>();
    for (FlywheelTermsParser.ConditionContext c : ctx.condition()) {
      Span span = source.spanBetween(c.getStart().getStartIndex(), c.getStop().getStopIndex() + 1);
      Condition condition;
      if (c instanceof FlywheelTermsParser.FactConditionContext fact) {
        condition = new FactCondition(Fact.fromWord(fact.FACT().getText()).orElseThrow(), span);
      } else {
        Duty duty = (Duty) visit(((FlywheelTermsParser.DutyConditionContext) c).duty());
        if (duty == null) {
          continue;
        }
        condition = new DutyCondition(duty, span);
      }
      if (seen.add(condition)) {
        conditions.add(condition);
      } else {
        warn(DiagnosticCode.DUPLICATE_ENTRY, "condition '" + NameRules.excerpt(c.getText()) + "' is listed twice", span);
      }
    }
    return conditions;
  }

  /** The window of the bounds, or {@code null} after reporting why there is none. */
  private TimeWindow window(List<FlywheelTermsParser.TimeBoundContext> bounds) {
    Instant from = null;
    Instant until = null;
    Token untilKeyword = null;
    boolean ok = true;
    for (FlywheelTermsParser.TimeBoundContext bound : bounds) {
      boolean isUntil = bound instanceof FlywheelTermsParser.UntilBoundContext;
      Token keyword = bound.getStart();
      Token stamp = isUntil
          ? ((FlywheelTermsParser.UntilBoundContext) bound).TIMESTAMP().getSymbol()
          : ((FlywheelTermsParser.FromBoundContext) bound).TIMESTAMP().getSymbol();
      Instant instant = TimeText.parse(stamp.getText());
      if (instant == null) {
        error(DiagnosticCode.INVALID_DATE, "invalid date '" + NameRules.excerpt(stamp.getText()) + "'", span(stamp),
            "write a date as YYYY-MM-DD (e.g. 2027-01-01) or an instant with Z or an offset "
                + "(e.g. 2027-01-01T12:00:00Z), between 1970-01-01 and 9999-12-31");
        ok = false;
        continue;
      }
      if ((isUntil ? until : from) != null) {
        error(DiagnosticCode.DUPLICATE_TIME_BOUND, "the clause already has a '" + keyword.getText() + "' bound",
            span(keyword), "give each clause at most one 'from' and one 'until'");
        ok = false;
        continue;
      }
      if (isUntil) {
        until = instant;
        untilKeyword = keyword;
      } else {
        from = instant;
      }
    }
    if (ok && from != null && until != null && !from.isBefore(until)) {
      error(DiagnosticCode.EMPTY_TIME_WINDOW, "the clause is never active: 'from " + TimeText.print(from)
          + "' is not before 'until " + TimeText.print(until) + "'", span(untilKeyword), null);
      ok = false;
    }
    if (!ok) {
      failed = true;
      return null;
    }
    return from == null && until == null ? TimeWindow.ALWAYS : new TimeWindow(from, until);
  }

  private Span span(Token token) {
    return source.spanBetween(token.getStartIndex(), token.getStopIndex() + 1);
  }

  private Span span(TerminalNode node) {
    return span(node.getSymbol());
  }

  private void error(DiagnosticCode code, String message, Span span, String help) {
    failed = true;
    Diagnostic d = Diagnostic.of(code, message, span);
    diagnostics.add(help == null ? d : d.withHelp(help));
  }

  private void warn(DiagnosticCode code, String message, Span span) {
    diagnostics.add(Diagnostic.of(code, message, span));
  }
}
