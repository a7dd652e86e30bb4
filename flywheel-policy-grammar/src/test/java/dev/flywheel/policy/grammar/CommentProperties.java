package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Print/parse round trips of terms written with comments, and the formatter's fixed point. */
class CommentProperties {
  private static final TermsParser PARSER = TermsParser.withDefaults();

  /** Terms written with comments in every place one can go, and the comments in the order they were written. */
  record Commented(Policy policy, String text, List<String> comments) {}

  @Provide
  Arbitrary<Commented> commented() {
    Arbitrary<String> comment = Arbitraries.strings().withChars("abXY #;,\"'\t-é").ofMaxLength(12)
        .map(s -> "#" + s);
    Arbitrary<List<String>> slots = Arbitraries.oneOf(comment, Arbitraries.just(""))
        .list().ofSize(24);
    return Combinators.combine(TermsArbitraries.policies(), slots).as(CommentProperties::write);
  }

  /** Writes each clause with a comment before it, one inside it (after its first word) and one after it. */
  private static Commented write(Policy policy, List<String> slots) {
    StringBuilder sb = new StringBuilder();
    List<String> comments = new ArrayList<>();
    List<Clause> clauses = policy.clauses();
    int slot = 0;
    for (int i = 0; i < clauses.size(); i++) {
      String clause = TermsPrinter.print(clauses.get(i));
      String before = slots.get(slot++);
      String inside = slots.get(slot++);
      String after = slots.get(slot++);
      if (!before.isEmpty()) {
        sb.append(before).append('\n');
        comments.add(before);
      }
      int space = clause.indexOf(' ');
      if (!inside.isEmpty() && space > 0) {
        sb.append(clause, 0, space).append(' ').append(inside).append('\n').append(clause.substring(space));
        comments.add(inside);
      } else {
        sb.append(clause);
      }
      sb.append(i < clauses.size() - 1 ? " ;" : "");
      if (!after.isEmpty()) {
        sb.append(' ').append(after);
        comments.add(after);
      }
      sb.append('\n');
    }
    String closing = slots.get(slots.size() - 1);
    if (!closing.isEmpty()) {
      sb.append(closing).append('\n');
      comments.add(closing);
    }
    return new Commented(policy, sb.toString(), comments);
  }

  @Property(tries = 2000)
  void parse_termsWithComments_giveThePolicyWithoutThem(@ForAll("commented") Commented c) {
    ParseResult result = PARSER.parse(c.text());
    assertTrue(result.isValid(), () -> c.text() + "\n" + result.diagnostics());
    assertEquals(c.policy(), result.policy().orElseThrow());
  }

  @Property(tries = 2000)
  void format_thenParse_keepsThePolicyAndEveryCommentInOrder(@ForAll("commented") Commented c) {
    String formatted = TermsFormatter.format(c.text()).text();
    TermsParser.ParsedSource again = PARSER.parseKeepingComments(formatted);
    assertEquals(c.policy(), again.result().policy().orElseThrow(), formatted);
    assertEquals(c.comments().stream().map(TermsFormatter::normalise).toList(),
        again.comments().stream().map(TermsParser.Comment::text).toList(), formatted);
  }

  @Property(tries = 2000)
  void format_isIdempotent(@ForAll("commented") Commented c) {
    String once = TermsFormatter.format(c.text()).text();
    assertEquals(once, TermsFormatter.format(once).text());
  }

  @Property(tries = 1000)
  void format_withoutComments_equalsTheCanonicalPrint(@ForAll("commented") Commented c) {
    if (c.comments().isEmpty()) {
      assertEquals(TermsPrinter.print(c.policy()), TermsFormatter.format(c.text()).text());
    }
  }
}
