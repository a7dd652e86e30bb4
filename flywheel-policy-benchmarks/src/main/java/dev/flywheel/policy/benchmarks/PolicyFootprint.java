package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.time.Clock;
import java.time.ZoneOffset;
import org.openjdk.jol.info.GraphLayout;

/**
 * Memory per cached policy, measured with JOL: the retained size of an engine holding {@code count} distinct compiled
 * terms, minus that of the same engine empty, divided by {@code count}. It includes everything the cache keeps per
 * terms: the key String (the engine retains it), the cache entry and its share of the cache's tables, the compiled
 * clauses, and the decision table with the cells filled by deciding every purpose once. The engine runs cache
 * maintenance on the calling thread so that no pool threads are walked.
 *
 * <p>Run: {@code java -cp flywheel-policy-benchmarks/target/benchmarks.jar
 * dev.flywheel.policy.benchmarks.PolicyFootprint [count] [--by-class]}; {@code --by-class} also prints what the
 * cached policies add, class by class (JOL's footprint table of the objects reachable after deciding that were not
 * reachable from the empty engine).
 */
public final class PolicyFootprint {
  static {
    // The API's decisions are records, whose field offsets Unsafe does not give out; JOL then finds them itself.
    if (System.getProperty("jol.magicFieldOffset") == null) {
      System.setProperty("jol.magicFieldOffset", "true");
    }
  }

  private PolicyFootprint() {}

  /** Bytes per cached policy, before and after deciding every purpose (filling the decision table). */
  public record Result(int count, double compiledBytes, double decidedBytes) {}

  public static Result measure(int count) {
    return measure(count, false);
  }

  private static Result measure(int count, boolean byClass) {
    PolicyEngine engine = PolicyEngine.builder()
        .maximumCacheSize(count)
        .executor(Runnable::run)
        .clock(Clock.fixed(Workload.AT, ZoneOffset.UTC))
        .build();
    String[] terms = Workload.distinctTerms(count, 7);
    Request probe = Request.of(Purpose.SEARCH).at(Workload.AT);
    engine.decide("allow search", probe); // warm the engine's own lazily created parts before the empty size
    GraphLayout emptyLayout = GraphLayout.parseInstance(engine);
    long empty = emptyLayout.totalSize();
    for (String t : terms) {
      Workload.checked(engine, t, Workload.TRAIN);
    }
    long compiled = GraphLayout.parseInstance(engine).totalSize();
    for (String t : terms) {
      for (Purpose p : Purpose.values()) {
        engine.decide(t, Request.of(p).at(Workload.AT));
      }
    }
    GraphLayout decidedLayout = GraphLayout.parseInstance(engine);
    long decided = decidedLayout.totalSize();
    if (byClass) {
      System.out.println("added by " + count + " cached policies, every purpose decided once:");
      System.out.println(decidedLayout.subtract(emptyLayout).toFootprint());
    }
    return new Result(count, (compiled - empty) / (double) count, (decided - empty) / (double) count);
  }

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Result r = measure(count, args.length > 1 && args[1].equals("--by-class"));
    System.out.printf("cached policies: %d%nbytes per cached policy, compiled: %.0f%n"
        + "bytes per cached policy, every purpose decided once: %.0f%n", r.count(), r.compiledBytes(),
        r.decidedBytes());
  }
}
