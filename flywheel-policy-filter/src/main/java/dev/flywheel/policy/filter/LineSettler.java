package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.RecordResult;
import java.util.Objects;

/**
 * Settles lines that were validated and decided elsewhere (on other threads, processes or machines) into a
 * {@link Ledger}, with exactly the rules of a {@link FilterRun}: honoured obligation types, quotas and ledger bounds
 * applied one line at a time. Quotas depend on order, so the caller hands lines in input order (ascending line
 * numbers); the outcome of each line and the ledger are then the ones a {@link RecordFilter} run over the same input
 * gives.
 *
 * <p>The ledger reads, of a valid record, only its id, contributor and collectives; of a decision, its kind, basis,
 * whether it is allowed and its obligations. Not thread-safe: one caller, in input order.
 */
public final class LineSettler {
  private final Ledger ledger;

  /**
   * A settler for lines decided under {@code request}.
   *
   * @param request the request every line is decided under; its time must be set
   * @param limits the ledger's bounds
   * @throws NullPointerException if {@code request}, its time or {@code limits} is null
   */
  public LineSettler(Request request, FilterLimits limits) {
    this.ledger = new Ledger(request, limits);
  }

  /**
   * Settles the next line and enters it in the ledger.
   *
   * @param lineNumber the 1-based line number in the input
   * @param validation the validator's result for the line
   * @param decision the engine's decision for a valid record under the settler's request; null for an invalid line
   * @return the line with its {@link FilteredLine#outcome() outcome} and {@link FilteredLine#reason() reason}
   *     (without the line's text)
   * @throws NullPointerException if {@code validation} is null, or {@code decision} is null for a valid record
   */
  public FilteredLine settle(long lineNumber, RecordResult validation, Decision decision) {
    Objects.requireNonNull(validation, "validation");
    if (validation.isValid()) {
      Objects.requireNonNull(decision, "decision");
    }
    FilteredLine line = new FilteredLine(lineNumber, null, validation, validation.isValid() ? decision : null);
    ledger.admit(line);
    return line;
  }

  /** {@return the ledger of the lines settled so far} */
  public Ledger ledger() {
    return ledger;
  }
}
