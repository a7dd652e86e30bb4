package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Span;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link CanonicalTree} gives what parsing the canonical text gives, span for span, so the engine can keep the
 * compiled form of a written text's parse under its canonical text without parsing that text.
 */
class CanonicalTreeProperties {
  private static final TermsParser PARSER = TermsParser.withDefaults();

  @Provide
  Arbitrary<Policy> policies() {
    return TermsArbitraries.policies();
  }

  @Provide
  Arbitrary<String> soup() {
    return TermsArbitraries.tokenSoup();
  }

  @Property(tries = 3000)
  void of_anyPolicy_isTheParseOfItsCanonicalTextSpanForSpan(@ForAll("policies") Policy policy) {
    assertSameAsParse(CanonicalTree.of(policy));
  }

  @Property(tries = 3000)
  void of_validWrittenText_isTheParseOfItsCanonicalTextSpanForSpan(@ForAll("soup") String written) {
    ParseResult result = PARSER.parse(written);
    if (result.isValid()) {
      assertSameAsParse(CanonicalTree.of(result.policy().orElseThrow()));
    }
  }

  @Example
  void of_writtenShorthandWithAstralName_spansCountCodePointsOfTheCanonicalText() {
    String name = "\uD83A\uDD00\uD83A\uDD23"; // two Adlam letters: two code points, four chars
    Policy written = PARSER.parse("train  if attribution and pay collective \"" + name + "\"; no-eval until 2027-01-01")
        .policy().orElseThrow();
    CanonicalTree tree = CanonicalTree.of(written);
    String text = tree.text();
    assertTrue(text.startsWith("allow train if attribution and pay collective "), text);
    assertTrue(text.endsWith("; deny eval until 2027-01-01"), text);
    int secondAt = text.codePointCount(0, text.indexOf("deny eval"));
    assertEquals(text.indexOf("deny eval") - 2, secondAt); // the name's two code points are four chars
    assertEquals(new Span(secondAt, "deny eval until 2027-01-01".length(), 1, secondAt + 1),
        tree.policy().clauses().get(1).span());
    assertSameAsParse(tree);
  }

  private static void assertSameAsParse(CanonicalTree tree) {
    assertEquals(TermsPrinter.print(tree.policy()), tree.text(), "the text is the printer's canonical text");
    ParseResult parsed = PARSER.parse(tree.text());
    assertTrue(parsed.isValid(), () -> tree.text() + "\n" + parsed.diagnostics());
    Policy expected = parsed.policy().orElseThrow();
    assertEquals(expected, tree.policy(), tree.text());
    assertEquals(spans(expected), spans(tree.policy()), tree.text());
  }

  /** Every span of the tree, in order: the policy's, then each clause's followed by its conditions'. */
  private static List<Span> spans(Policy policy) {
    List<Span> out = new ArrayList<>();
    out.add(policy.span());
    for (Clause clause : policy.clauses()) {
      out.add(clause.span());
      if (clause instanceof AllowClause allow) {
        for (Condition condition : allow.conditions()) {
          out.add(condition.span());
        }
      }
    }
    return out;
  }
}
