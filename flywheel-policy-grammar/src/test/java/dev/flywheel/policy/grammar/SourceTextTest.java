package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.grammar.internal.FlywheelTermsLexer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

/**
 * The lexer reading {@link SourceText#charStream()} (every non-ASCII code point seen as one stand-in) gives exactly
 * the tokens it gives reading ANTLR's own stream of the same text.
 */
class SourceTextTest {

  private static List<String> tokens(CharStream stream) {
    FlywheelTermsLexer lexer = new FlywheelTermsLexer(stream);
    lexer.removeErrorListeners();
    List<String> out = new ArrayList<>();
    for (Token t : lexer.getAllTokens()) {
      out.add(t.getType() + "@" + t.getStartIndex() + ".." + t.getStopIndex() + ":" + t.getText());
    }
    return out;
  }

  private static void assertSameTokens(String text) {
    assertEquals(tokens(CharStreams.fromString(text)), tokens(new SourceText(text).charStream()), text);
  }

  @Test
  void charStream_nonAsciiEverywhereTheGrammarLooks_sameTokensAsAntlrsStream() {
    for (String text : List.of("", "deny train", "\u0435val-only", "pay collective \"M\u0101ori\" 1 EUR per item",
        "pay collective \"\uD83A\uDD00\\\u00e9\"", "\"\u200B", "2027-\u0661", "1\u00B7", "ABC\u00C9", "d\u0435ny; x",
        "\uD800 \uDFFF", "a\u0001b \u0001", "\uFF45\uFF56\uFF41\uFF4C")) {
      assertSameTokens(text);
    }
  }

  @Property(tries = 3000)
  void charStream_anyText_sameTokensAsAntlrsStream(@ForAll("termsLike") String text) {
    assertSameTokens(text);
  }

  @Provide
  Arbitrary<String> termsLike() {
    // Keywords, separators, digits, quotes and escapes mixed with non-ASCII, surrogates and the stand-in itself.
    Arbitrary<String> pieces = Arbitraries.of("deny", "train", "allow", "-only", "no-", "2027-01-01", "12", ".5",
        "EUR", "\"", "\\", ";", ",", " ", "\t", "\n", "\r", "\u0001", "\u0435", "\u00e9", "\u200B", "\u202E",
        "\uFF45", "\uD83A\uDD00", "\uD800", "x", "-", ":", "+", "T", "Z");
    return pieces.list().ofMaxSize(30).map(list -> String.join("", list));
  }
}
