package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.ByteArrayInputStream;
import java.time.Instant;

/**
 * What the filter benchmarks filter, so that their scores compare: the dataset of {@code flywheel-policy generate}
 * with the example seed, and the README's request (train at 2027-03-01, honouring attribution, payment and quota).
 */
final class FilterWorkload {
  /** Lines of the in-memory dataset the per-record benchmarks filter. */
  static final int RECORDS = 20_000;
  /** The README's request. */
  static final Request README_REQUEST = Request.of(Purpose.TRAIN).at(Instant.parse("2027-03-01T00:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA);

  private FilterWorkload() {}

  /** {@return the generated dataset of {@code records} lines, as JSON Lines bytes} */
  static byte[] dataset(int records) {
    return GeneratedDataset.jsonl(records, GeneratedDataset.EXAMPLE_SEED);
  }

  /**
   * Filters {@code jsonl} through {@code filter} and counts the allowed lines, checking that every line came out.
   *
   * @throws IllegalStateException if the run handed out another number of lines than {@code expectedLines}
   */
  static long countAllowed(RecordFilter filter, byte[] jsonl, int expectedLines) {
    long allowed = 0;
    long lines = 0;
    try (FilterRun run = filter.open(new ByteArrayInputStream(jsonl))) {
      while (run.hasNext()) {
        lines++;
        if (run.next().isAllowed()) {
          allowed++;
        }
      }
    }
    if (lines != expectedLines) {
      throw new IllegalStateException("expected " + expectedLines + " lines, got " + lines);
    }
    return allowed;
  }
}
