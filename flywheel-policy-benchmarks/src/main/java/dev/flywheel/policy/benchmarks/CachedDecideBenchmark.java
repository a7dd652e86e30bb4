package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A decision for terms already in the engine's cache, next to the limit: a {@code HashMap<String, Decision>} of the
 * same answers, precomputed. Each operation takes the next terms of the working set (a random order) and alternately
 * asks for train (an explicit deny) and eval (an explicit allow).
 *
 * <ul>
 *   <li>{@code key=instance}: the terms are the same String instances every time (their hash is cached), as when a
 *       caller keeps the strings;</li>
 *   <li>{@code key=decoded}: each operation first decodes the terms from UTF-8 bytes into a fresh String, as when
 *       terms come from a file or the network (the map then hashes the new String too);</li>
 *   <li>{@code key=utf8}: the terms are UTF-8 bytes; the engine decides from the bytes
 *       ({@code decide(byte[], int, int, Request)}, no String), the baseline must still decode them to look up.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CachedDecideBenchmark {

  @Param({"1", "1000", "100000"})
  public int workingSet;

  @Param({"instance", "decoded", "utf8"})
  public String key;

  private String[] terms;
  private byte[][] utf8;
  private PolicyEngine engine;
  /** Precomputed answers per request purpose: index 0 train, 1 eval (as {@link Workload#REQUESTS}). */
  private Map<String, Decision>[] answers;
  private int next;
  // The key kind as booleans, read once per operation: comparing the parameter's String per operation would add
  // its own cost to every row.
  private boolean utf8Keys;
  private boolean decodeKeys;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    utf8Keys = "utf8".equals(key);
    decodeKeys = !"instance".equals(key);
    terms = workingSet == 1 ? new String[] {Workload.SHORT_TERMS} : Workload.distinctTerms(workingSet, 42);
    utf8 = new byte[terms.length][];
    // Every term of the working set stays cached: the byte bound is raised with the number bound (100,000 short
    // terms weigh about 100 MB, past the default 64 MiB).
    engine = PolicyEngine.builder()
        .maximumCacheSize(Math.max(10_000, 2L * workingSet))
        .maximumCacheBytes(1L << 30)
        .build();
    answers = new Map[] {new HashMap<>(), new HashMap<>()};
    for (int i = 0; i < terms.length; i++) {
      utf8[i] = terms[i].getBytes(StandardCharsets.UTF_8);
      for (int r = 0; r < Workload.REQUESTS.length; r++) {
        Decision d = Workload.checked(engine, terms[i], Workload.REQUESTS[r]);
        answers[r].put(terms[i], d);
        // The engine and the baseline agree on every request of the benchmark, for both kinds of key.
        Decision again = engine.decide(new String(utf8[i], StandardCharsets.UTF_8), Workload.REQUESTS[r]);
        Decision fromBytes = engine.decide(utf8[i], 0, utf8[i].length, Workload.REQUESTS[r]);
        if (!again.equals(d) || !fromBytes.equals(d)
            || !answers[r].get(new String(utf8[i], StandardCharsets.UTF_8)).equals(d)) {
          throw new IllegalStateException("engine and baseline disagree for '" + terms[i] + "'");
        }
      }
    }
  }

  private String nextTerms(int i) {
    int index = (i >>> 1) % terms.length;
    return decodeKeys ? new String(utf8[index], StandardCharsets.UTF_8) : terms[index];
  }

  @Benchmark
  public Decision flywheel() {
    int i = next++ & Integer.MAX_VALUE;
    Request request = Workload.REQUESTS[i & 1];
    if (utf8Keys) {
      byte[] bytes = utf8[(i >>> 1) % terms.length];
      return engine.decide(bytes, 0, bytes.length, request);
    }
    return engine.decide(nextTerms(i), request);
  }

  @Benchmark
  public Decision hashMapBaseline() {
    int i = next++ & Integer.MAX_VALUE;
    String t = nextTerms(i);
    return answers[i & 1].get(t);
  }
}
