package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.register.RegisterRuling;
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
   * A settler for lines decided under {@code request} and, when {@code underRegister}, under a register (the ledger
   * then reports the register's counts).
   *
   * @param request the request every line is decided under; its time must be set
   * @param limits the ledger's bounds
   * @param underRegister true when the lines are decided under a register
   * @throws NullPointerException if {@code request}, its time or {@code limits} is null
   */
  public LineSettler(Request request, FilterLimits limits, boolean underRegister) {
    this(request, limits);
    if (underRegister) {
      ledger.markRegisterApplied();
    }
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

  /**
   * Settles the next line, decided under a register, and enters it in the ledger: a deny the register caused counts
   * as {@link DenialReason#WITHDRAWN} or {@link DenialReason#UNRELEASED}, and the register's counts are added.
   *
   * @param lineNumber the 1-based line number in the input
   * @param validation the validator's result for the line
   * @param ruling the record's decision under the register; null for an invalid line
   * @return the line with its outcome and reason (without the line's text)
   * @throws NullPointerException if {@code validation} is null, or {@code ruling} is null for a valid record
   */
  public FilteredLine settleUnderRegister(long lineNumber, RecordResult validation, RegisterRuling ruling) {
    Objects.requireNonNull(validation, "validation");
    if (validation.isValid()) {
      Objects.requireNonNull(ruling, "ruling");
    }
    FilteredLine line = validation.isValid()
        ? new FilteredLine(lineNumber, null, validation, ruling.decision(), ruling)
        : new FilteredLine(lineNumber, null, validation, null);
    ledger.admit(line);
    return line;
  }

  /** {@return the ledger of the lines settled so far} */
  public Ledger ledger() {
    return ledger;
  }
}
