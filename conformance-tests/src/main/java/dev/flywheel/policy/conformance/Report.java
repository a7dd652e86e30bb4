package dev.flywheel.policy.conformance;

import java.util.List;

/**
 * The outcomes of a conformance run, in file, group and test order.
 *
 * @param outcomes one per test that ran, plus one per case file that could not be used
 */
public record Report(List<Outcome> outcomes) {

  public Report {
    outcomes = List.copyOf(outcomes);
  }

  /** Tests that passed. */
  public long passed() {
    return count(Outcome.Status.PASSED);
  }

  /** Tests whose result differed from the expectation. */
  public long failed() {
    return count(Outcome.Status.FAILED);
  }

  /** Tests where the implementation threw. */
  public long errors() {
    return count(Outcome.Status.ERROR);
  }

  /** Case files that could not be used (bad JSON, schema violations, impossible values). */
  public long invalidFiles() {
    return count(Outcome.Status.INVALID_FILE);
  }

  /** Tests that ran (passed, failed or errored). */
  public long testsRun() {
    return passed() + failed() + errors();
  }

  /** True when at least one test ran and every outcome passed. */
  public boolean successful() {
    return !outcomes.isEmpty() && outcomes.stream().allMatch(Outcome::passed);
  }

  /** Outcomes that are not {@link Outcome.Status#PASSED}. */
  public List<Outcome> problems() {
    return outcomes.stream().filter(o -> !o.passed()).toList();
  }

  /** One line of counts, e.g. {@code 452 tests: 450 passed, 2 failed, 0 errors; 0 invalid files}. */
  public String summary() {
    return testsRun() + " tests: " + passed() + " passed, " + failed() + " failed, " + errors() + " errors; "
        + invalidFiles() + " invalid files";
  }

  /** Every problem described in full, then the summary line. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (Outcome outcome : problems()) {
      out.append(outcome.describe());
    }
    return out.append(summary()).append('\n').toString();
  }

  private long count(Outcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }
}
