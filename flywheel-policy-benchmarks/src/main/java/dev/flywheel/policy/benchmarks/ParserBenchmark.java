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
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ParserBenchmark {

  @Param({"short", "long", "malformed"})
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
      default -> throw new IllegalArgumentException(shape);
    };
    ParseResult result = parser.parse(terms);
    if (result.isValid() == shape.equals("malformed")) {
      throw new IllegalStateException("unexpected parse result for " + shape + ": " + result.diagnostics());
    }
  }

  @Benchmark
  public ParseResult parse() {
    return parser.parse(terms);
  }
}
