package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.interop.ImportFormat;
import dev.flywheel.policy.interop.ImportResult;
import dev.flywheel.policy.interop.Interop;
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
 * An AIPREF {@code Content-Usage} import of an input at the limit ({@link Interop#MAX_INPUT_LENGTH}, 1 MiB), in the
 * shapes that cost most: one value of one key repeated ({@code duplicate-keys}), of distinct keys
 * ({@code distinct-keys}), of members that are inner lists ({@code inner-lists}), and lines of valid statements that
 * report nothing ({@code statements}). The Structured Fields library parses a Dictionary or an Inner List in time
 * quadratic in its length; the import splits members itself, so every shape stays linear in the input.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ImportBenchmark {

  @Param({"duplicate-keys", "distinct-keys", "inner-lists", "statements"})
  public String shape;

  private String value;

  @Setup
  public void setUp() {
    StringBuilder sb = new StringBuilder(Interop.MAX_INPUT_LENGTH);
    for (int i = 0; ; i++) {
      String member = switch (shape) {
        case "duplicate-keys" -> "train-ai=n";
        case "distinct-keys" -> "k" + i + "=y";
        case "inner-lists" -> "k" + i + "=(a b c d e f g h)";
        case "statements" -> "train-ai=n, search=y";
        default -> throw new IllegalArgumentException(shape);
      };
      if (sb.length() + member.length() + 2 > Interop.MAX_INPUT_LENGTH) {
        break;
      }
      sb.append(sb.length() == 0 ? "" : shape.equals("statements") ? "\n" : ", ").append(member);
    }
    value = sb.toString();
    ImportResult result = importValue();
    // Valid statements give terms; every other shape reports more problems than the cap allows (too-many-diagnostics,
    // no terms).
    boolean expected = shape.equals("statements")
        ? result.terms().equals(java.util.Optional.of("deny train-genai; allow search"))
        : result.policy().isEmpty()
            && result.report().get(result.report().size() - 1).code() == DiagnosticCode.TOO_MANY_DIAGNOSTICS;
    if (!expected) {
      throw new IllegalStateException("unexpected import result for " + shape + ": " + result.report());
    }
  }

  @Benchmark
  public ImportResult importValue() {
    return Interop.importFrom(ImportFormat.AIPREF, value);
  }
}
