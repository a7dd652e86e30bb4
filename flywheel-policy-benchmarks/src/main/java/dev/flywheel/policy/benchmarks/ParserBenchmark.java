package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.terms.ParseResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing terms with a warm parser: the cost of a cache miss before compilation. Short terms are under 64 characters,
 * long ones near 200; the malformed ones measure that an error costs about as much as a success (no stack traces).
 *
 * <p>The {@code limit-*} shapes are the worst inputs at the length limit (4096 code points), each wrong in every
 * character, so that every one is a problem the parser finds: a Cyrillic word (a confusable per letter, each looked
 * up), a fullwidth word (each letter folded by NFKC), and a quoted name of zero-width spaces (the lexer's slow path
 * for non-ASCII text, then a check per character). Parsing must stay linear: each is expected under 5 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ParserBenchmark {

  @Param({"short", "long", "malformed", "limit-cyrillic-word", "limit-fullwidth-word", "limit-invisible-name"})
  public String shape;

  private String terms;
  private final TermsParser parser = TermsParser.withDefaults();

  @Setup
  public void setUp() {
    terms = switch (shape) {
      case "short" -> "deny train until 2027-01-01; allow eval";
      case "long" -> "deny train-genai until 2027-01-01; allow train if open-weights and attribution and "
          + "pay collective \"Te Hiku Media\" 0.002 EUR per item; allow eval, search; limit 5000 per month; "
          + "deny input from 2026-06-01 until 2027-06-01";
      case "malformed" -> "deny tarin until 2027-01-01; allow eval";
      case "limit-cyrillic-word" -> "\u0430".repeat(4096);
      case "limit-fullwidth-word" -> "\uFF45".repeat(4096);
      case "limit-invisible-name" -> "pay collective \"" + "\u200B".repeat(4096 - 17) + "\"";
      default -> throw new IllegalArgumentException(shape);
    };
    ParseResult result = parser.parse(terms);
    boolean malformed = shape.equals("malformed") || shape.startsWith("limit-");
    if (result.isValid() == malformed) {
      throw new IllegalStateException("unexpected parse result for " + shape + ": " + result.diagnostics());
    }
  }

  @Benchmark
  public ParseResult parse() {
    return parser.parse(terms);
  }
}
