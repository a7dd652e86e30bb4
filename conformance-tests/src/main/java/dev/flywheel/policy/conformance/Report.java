package dev.flywheel.policy.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * The closing line, {@code N passed, N failed}: a test that could not run (an engine error) counts as failed.
   * Invalid files are counted by {@link #details()}.
   */
  public String summary() {
    return passed() + " passed, " + (failed() + errors()) + " failed";
  }

  /** A line of detail before the summary, e.g. {@code 452 tests run, 0 errors, 0 invalid files}. */
  public String details() {
    return testsRun() + " tests run, " + errors() + " errors, " + invalidFiles() + " invalid files";
  }

  /** Every problem described in full, then the details, then the summary as the last line. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (Outcome outcome : problems()) {
      out.append(outcome.describe());
    }
    return out.append(details()).append('\n').append(summary()).append('\n').toString();
  }

  /**
   * The report as one JSON object, for machines: {@code {"summary": {...}, "outcomes": [...]}}. Every outcome has
   * {@code file}, {@code group}, {@code test}, {@code status} (lower case), {@code expected}, {@code actual},
   * {@code differences} and {@code reasons}; absent values are {@code null}.
   */
  public String toJson() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("tests", testsRun());
    summary.put("passed", passed());
    summary.put("failed", failed());
    summary.put("errors", errors());
    summary.put("invalidFiles", invalidFiles());
    summary.put("successful", successful());
    List<Map<String, Object>> list = outcomes.stream().map(o -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", o.file());
      m.put("group", o.group());
      m.put("test", o.test());
      m.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
      m.put("expected", o.expected());
      m.put("actual", o.actual());
      m.put("differences", o.differences());
      m.put("reasons", o.reasons());
      return m;
    }).toList();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("summary", summary);
    root.put("outcomes", list);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private long count(Outcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }
}
