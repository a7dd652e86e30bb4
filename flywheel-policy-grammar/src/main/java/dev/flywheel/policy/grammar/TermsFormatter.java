package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Span;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Formats terms as written by an author: the canonical form of {@link TermsPrinter} with the comments kept.
 *
 * <p>Terms without comments format exactly as {@link TermsPrinter#print(Policy)} prints them, on one line. Terms with
 * comments are laid out one clause per line, each clause but the last ending with {@code ;}, and every comment is put
 * back next to the clause it belongs to:
 * <ul>
 *   <li>a comment on the line where a clause (or its {@code ;}) ends follows that clause on its line, after one
 *       space;</li>
 *   <li>a comment on a line of its own, or inside a clause, goes on its own line before the next clause (the clause
 *       it is inside);</li>
 *   <li>comments after the last clause stay at the end, each on its own line.</li>
 * </ul>
 * Each comment is normalised: trailing spaces and tabs go, and the text after {@code #} is separated from it by one
 * space ({@code #why} becomes {@code # why}; a comment that starts {@code ##} keeps its {@code #}s). Blank lines are not
 * kept. Formatting is idempotent, and the formatted text parses to an equal policy with the same comments, in order.
 *
 * <p>Thread-safe and stateless.
 */
public final class TermsFormatter {
  private TermsFormatter() {}

  /**
   * Formats {@code terms} with a parser with default limits.
   *
   * @param terms the terms as written, comments included
   * @return the formatted text, or the parse's errors
   * @throws NullPointerException if {@code terms} is null
   */
  public static FormattedTerms format(String terms) {
    return format(TermsParser.withDefaults(), terms);
  }

  /**
   * Formats {@code terms} with {@code parser}.
   *
   * @param parser the parser, with its limits
   * @param terms the terms as written, comments included
   * @return the formatted text, or the parse's errors
   * @throws NullPointerException if an argument is null
   */
  public static FormattedTerms format(TermsParser parser, String terms) {
    Objects.requireNonNull(parser, "parser");
    TermsParser.ParsedSource parsed = parser.parseKeepingComments(terms);
    ParseResult result = parsed.result();
    if (!result.isValid()) {
      return new FormattedTerms(result, null);
    }
    Policy policy = result.policy().orElseThrow();
    if (parsed.comments().isEmpty()) {
      return new FormattedTerms(result, TermsPrinter.print(policy));
    }
    return new FormattedTerms(result, layOut(terms, policy.clauses(), parsed.comments()));
  }

  /**
   * The normalised text of one comment, from {@code #} to the end of its line.
   *
   * @param comment a comment's text, starting with {@code #}
   * @return the comment with its trailing blanks removed and one space after its {@code #}s
   */
  static String normalise(String comment) {
    String body = comment.substring(1).stripTrailing();
    if (body.isEmpty()) {
      return "#";
    }
    return body.charAt(0) == '#' ? "#" + body : "# " + body.stripLeading();
  }

  private static String layOut(String terms, List<Clause> clauses, List<TermsParser.Comment> comments) {
    int n = clauses.size();
    List<List<String>> leading = new ArrayList<>(n);
    String[] trailing = new String[n];
    for (int i = 0; i < n; i++) {
      leading.add(new ArrayList<>());
    }
    List<String> closing = new ArrayList<>();
    for (TermsParser.Comment comment : comments) {
      int at = comment.span().offset();
      int before = lastClauseStartingBefore(clauses, at);
      if (before >= 0 && at >= clauses.get(before).span().end()
          && sameLine(terms, clauses.get(before).span().end(), at) && trailing[before] == null) {
        trailing[before] = normalise(comment.text());
      } else if (before >= 0 && at < clauses.get(before).span().end()) {
        leading.get(before).add(normalise(comment.text()));
      } else if (before + 1 < n) {
        leading.get(before + 1).add(normalise(comment.text()));
      } else {
        closing.add(normalise(comment.text()));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      for (String line : leading.get(i)) {
        sb.append(line).append('\n');
      }
      sb.append(TermsPrinter.print(clauses.get(i)));
      if (i < n - 1) {
        sb.append(';');
      }
      if (trailing[i] != null) {
        sb.append(' ').append(trailing[i]);
      }
      sb.append('\n');
    }
    for (String line : closing) {
      sb.append(line).append('\n');
    }
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }

  private static int lastClauseStartingBefore(List<Clause> clauses, int offset) {
    int found = -1;
    for (int i = 0; i < clauses.size(); i++) {
      Span span = clauses.get(i).span();
      if (span.offset() < offset) {
        found = i;
      }
    }
    return found;
  }

  /** True when no line break lies between the code point offsets {@code from} and {@code to}. */
  private static boolean sameLine(String text, int from, int to) {
    int start = text.offsetByCodePoints(0, from);
    int end = text.offsetByCodePoints(start, to - from);
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return false;
      }
    }
    return true;
  }
}
