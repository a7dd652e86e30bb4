package dev.flywheel.policy.benchmarks;

import com.google.protobuf.Timestamp;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peers deciding the benchmark's policy ({@code deny train until 2027-01-01; allow eval}) for the same
 * alternating train/eval requests as {@link CachedDecideBenchmark}:
 *
 * <ul>
 *   <li>Google CEL-Java: one expression, compiled and planned once; each call evaluates it over a prepared activation
 *       (purpose and request time), so only evaluation is measured;</li>
 *   <li>jCasbin: a plain allow/deny model (subject, object, action with allow and deny effects, deny overriding), its
 *       two policy lines in memory. Casbin's model has no time, so the {@code until} bound is left out: at the
 *       benchmark's request time it makes no difference.</li>
 * </ul>
 * The setup checks that both give the flywheel engine's answer (allowed or not) for every request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PeersBenchmark {
  static final String CEL_EXPRESSION =
      "!(purpose in ['train', 'train-genai'] && now < timestamp('2027-01-01T00:00:00Z')) && purpose == 'eval'";
  static final String CASBIN_MODEL = String.join("\n",
      "[request_definition]", "r = sub, obj, act",
      "[policy_definition]", "p = sub, obj, act, eft",
      "[policy_effect]", "e = some(where (p.eft == allow)) && !some(where (p.eft == deny))",
      "[matchers]", "m = r.sub == p.sub && r.obj == p.obj && r.act == p.act");

  private CelRuntime.Program cel;
  private Map<String, Object>[] activations;
  private Enforcer casbin;
  private String[] casbinActions;
  private int next;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() throws Exception {
    CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
        .addVar("purpose", SimpleType.STRING)
        .addVar("now", SimpleType.TIMESTAMP)
        .setResultType(SimpleType.BOOL)
        .build();
    CelAbstractSyntaxTree ast = compiler.compile(CEL_EXPRESSION).getAst();
    CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    cel = runtime.createProgram(ast);
    Timestamp now = Timestamp.newBuilder().setSeconds(Workload.AT.getEpochSecond()).build();
    activations = new Map[Workload.REQUESTS.length];
    casbinActions = new String[Workload.REQUESTS.length];
    for (int r = 0; r < Workload.REQUESTS.length; r++) {
      activations[r] = Map.of("purpose", Workload.REQUESTS[r].purpose().word(), "now", now);
      casbinActions[r] = Workload.REQUESTS[r].purpose().word();
    }
    Model model = new Model();
    model.loadModelFromText(CASBIN_MODEL);
    casbin = new Enforcer(model);
    casbin.addPolicy("consumer", "item", "train", "deny");
    casbin.addPolicy("consumer", "item", "eval", "allow");

    PolicyEngine engine = PolicyEngine.builder().build();
    for (int r = 0; r < Workload.REQUESTS.length; r++) {
      Request request = Workload.REQUESTS[r];
      boolean ours = Workload.checked(engine, Workload.SHORT_TERMS, request).isAllowed();
      boolean celAnswer = (Boolean) cel.eval(activations[r]);
      boolean casbinAnswer = casbin.enforce("consumer", "item", casbinActions[r]);
      if (celAnswer != ours || casbinAnswer != ours) {
        throw new IllegalStateException("peers disagree for " + request + ": flywheel " + ours + ", CEL "
            + celAnswer + ", jCasbin " + casbinAnswer);
      }
    }
  }

  @Benchmark
  public Object celJava() throws Exception {
    return cel.eval(activations[next++ & 1]);
  }

  @Benchmark
  public boolean jcasbin() {
    return casbin.enforce("consumer", "item", casbinActions[next++ & 1]);
  }
}
