package dev.flywheel.policy.records;

/**
 * Counts over a JSON Lines file. Every line is counted exactly once: {@code lines == valid + invalid}.
 *
 * @param lines the lines read
 * @param valid lines holding a valid record (with or without warnings)
 * @param invalid lines that are not a valid record, blank lines included
 * @param validWithWarnings the valid lines that have at least one warning
 */
public record RecordSummary(long lines, long valid, long invalid, long validWithWarnings) {

  /** Nothing read yet. */
  public static final RecordSummary EMPTY = new RecordSummary(0, 0, 0, 0);

  /**
   * Creates the record.
   *
   * @param lines the lines read
   * @param valid lines holding a valid record (with or without warnings)
   * @param invalid lines that are not a valid record, blank lines included
   * @param validWithWarnings the valid lines that have at least one warning
   * @throws IllegalArgumentException if a count is negative or {@code lines != valid + invalid}
   */
  public RecordSummary {
    if (lines < 0 || valid < 0 || invalid < 0 || validWithWarnings < 0 || validWithWarnings > valid
        || lines != valid + invalid) {
      throw new IllegalArgumentException("inconsistent counts: lines=" + lines + " valid=" + valid + " invalid="
          + invalid + " validWithWarnings=" + validWithWarnings);
    }
  }

  /**
   * {@return this summary with {@code line} counted}
   *
   * @param line the result of one more line
   */
  public RecordSummary plus(LineResult line) {
    boolean ok = line.isValid();
    boolean warned = ok && !line.result().warnings().isEmpty();
    return new RecordSummary(lines + 1, valid + (ok ? 1 : 0), invalid + (ok ? 0 : 1),
        validWithWarnings + (warned ? 1 : 0));
  }

  /** {@return true when every line held a valid record (an empty file included)} */
  public boolean allValid() {
    return invalid == 0;
  }
}
