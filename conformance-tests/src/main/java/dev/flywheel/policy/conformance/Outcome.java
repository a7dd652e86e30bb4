package dev.flywheel.policy.conformance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one test, or of one case file that could not be used.
 *
 * @param file the case file, as given or found
 * @param group the group's description, or {@code null} for an {@link Status#INVALID_FILE} outcome
 * @param test the test's description, or {@code null} for an {@link Status#INVALID_FILE} outcome
 * @param status what happened
 * @param expected the expectation in one line, or {@code null} for an invalid file
 * @param actual what the implementation gave in one line, or {@code null} when it gave nothing
 * @param differences one line per mismatch ("basis: expected explicit, actual default"), or per problem of an invalid
 *     file ("/groups/0/tests/3/request/purpose: ..."); empty when passed
 * @param reasons the decision's reasons (layer, deciding clause, message), one per line; empty for parse tests
 * @param expectedFields the expectation as fields ({@code decision}, {@code obligations}, {@code basis}, ... for a
 *     decision; {@code valid}, {@code canonical}, {@code diagnostics} for a parse), or {@code null} for an invalid
 *     file
 * @param actualFields what the implementation gave, as the same fields, or {@code null} when it gave nothing
 */
public record Outcome(String file, String group, String test, Status status, String expected, String actual,
    List<String> differences, List<String> reasons, Map<String, Object> expectedFields,
    Map<String, Object> actualFields) {

  /** What happened to a test. */
  public enum Status {
    /** The implementation gave what the case expects. */
    PASSED,
    /** The implementation gave something else. */
    FAILED,
    /** The implementation threw, which the contract forbids. */
    ERROR,
    /** The case file is not valid JSON, violates the schema or holds an impossible value; none of it ran. */
    INVALID_FILE
  }

  public Outcome {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(status, "status");
    differences = List.copyOf(differences);
    reasons = List.copyOf(reasons);
    // Values may be null (a field the case does not compare), which Map.copyOf rejects.
    expectedFields = expectedFields == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(expectedFields));
    actualFields = actualFields == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(actualFields));
  }

  /** An outcome without structured fields (an invalid file, an implementation that threw). */
  public Outcome(String file, String group, String test, Status status, String expected, String actual,
      List<String> differences, List<String> reasons) {
    this(file, group, test, status, expected, actual, differences, reasons, null, null);
  }

  /** {@code file / group / test}, or just the file for an invalid file. */
  public String name() {
    return group == null ? file : file + " / " + group + " / " + test;
  }

  /** True for {@link Status#PASSED}. */
  public boolean passed() {
    return status == Status.PASSED;
  }

  /** A human-readable account: the name and status, then expected, actual, differences and reasons. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append(status.name()).append(": ").append(name()).append('\n');
    if (status == Status.INVALID_FILE) {
      for (String problem : differences) {
        out.append("  schema: ").append(problem).append('\n');
      }
      return out.toString();
    }
    if (expected != null) {
      out.append("  expected ").append(expected).append('\n');
    }
    out.append("  actual   ").append(actual == null ? "(nothing)" : actual).append('\n');
    for (String difference : differences) {
      out.append("  - ").append(difference).append('\n');
    }
    for (String reason : reasons) {
      out.append("  reason: ").append(reason).append('\n');
    }
    return out.toString();
  }
}
