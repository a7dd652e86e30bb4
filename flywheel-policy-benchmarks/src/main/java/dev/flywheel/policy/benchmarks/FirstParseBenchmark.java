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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first parse in a fresh JVM, class loading and the grammar's start-up included: each fork measures one single
 * call. The score is the mean over the forks.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = 1)
@Fork(10)
@State(Scope.Benchmark)
public class FirstParseBenchmark {

  @Benchmark
  public ParseResult firstParse() {
    ParseResult result = TermsParser.withDefaults().parse(Workload.SHORT_TERMS);
    if (!result.isValid()) {
      throw new IllegalStateException(result.diagnostics().toString());
    }
    return result;
  }
}
