package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.register.RegisterRuling;
import dev.flywheel.policy.usage.Admission;
import dev.flywheel.policy.usage.QuotaCounter;
import dev.flywheel.policy.usage.Reservation;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>With a usage store ({@link #LineSettler(Request, FilterLimits, QuotaCounter)}), {@link #settleChunk(List)}
 * reserves the quotas of a chunk of lines in one transaction of the store and then settles them, as a
 * {@link FilterRun} does per chunk; {@link #settle} then reserves one line at a time (a transaction per line).
 */
public final class LineSettler {
  /**
   * Most lines in one chunk, and so in one reservation transaction of a usage store, for a {@link FilterRun} and the
   * Spark job's driver: large enough that the store's durable commit per chunk costs little per line, small enough
   * that a chunk's decided lines stay a few MiB.
   */
  public static final int USAGE_CHUNK_LINES = 4096;
  /** Most bytes of lines in one chunk of a {@link FilterRun} with a usage store. */
  public static final long USAGE_CHUNK_BYTES = 8L << 20;

  private final Ledger ledger;
  private final Request request;
  private final QuotaCounter usage;

  /**
   * One line decided elsewhere.
   *
   * @param lineNumber the 1-based line number in the input
   * @param validation the validator's result for the line
   * @param decision the engine's decision for a valid record; null for an invalid line
   * @param ruling the record's ruling when it was decided under a register (its decision is {@code decision});
   *     null otherwise
   */
  public record Decided(long lineNumber, RecordResult validation, Decision decision, RegisterRuling ruling) {
    /**
     * Creates the record.
     *
     * @param lineNumber the line number
     * @param validation the validator's result
     * @param decision the decision, null for an invalid line
     * @param ruling the register's ruling, or null
     * @throws NullPointerException if {@code validation} is null, or {@code decision} is null for a valid record
     */
    public Decided {
      Objects.requireNonNull(validation, "validation");
      if (validation.isValid()) {
        if (ruling != null) {
          decision = ruling.decision();
        }
        Objects.requireNonNull(decision, "decision");
      } else {
        decision = null;
        ruling = null;
      }
    }

    /**
     * A line decided without a register.
     *
     * @param lineNumber the line number
     * @param validation the validator's result
     * @param decision the decision, null for an invalid line
     */
    public Decided(long lineNumber, RecordResult validation, Decision decision) {
      this(lineNumber, validation, decision, null);
    }
  }

  /**
   * A settler for lines decided under {@code request}.
   *
   * @param request the request every line is decided under; its time must be set
   * @param limits the ledger's bounds
   * @throws NullPointerException if {@code request}, its time or {@code limits} is null
   */
  public LineSettler(Request request, FilterLimits limits) {
    this(request, limits, false, null);
  }

  /**
   * A settler for lines decided under {@code request} whose quotas are counted in a usage store
   * ({@link RecordFilter.Builder#usage(QuotaCounter)} states the semantics).
   *
   * @param request the request every line is decided under; its time must be set
   * @param limits the ledger's bounds
   * @param usage the counter of the consumer whose use the store counts
   * @throws NullPointerException if an argument or the request's time is null
   */
  public LineSettler(Request request, FilterLimits limits, QuotaCounter usage) {
    this(request, limits, false, Objects.requireNonNull(usage, "usage"));
  }

  /**
   * A settler for lines decided under {@code request}, under a register when {@code underRegister} (the ledger then
   * reports the register's counts), with quotas counted in a usage store when {@code usage} is given.
   *
   * @param request the request every line is decided under; its time must be set
   * @param limits the ledger's bounds
   * @param underRegister true when the lines are decided under a register
   * @param usage the counter of the consumer whose use the store counts, or null to count quotas for this run only
   * @throws NullPointerException if {@code request}, its time or {@code limits} is null
   */
  public LineSettler(Request request, FilterLimits limits, boolean underRegister, QuotaCounter usage) {
    this.ledger = usage == null ? new Ledger(request, limits) : new Ledger(request, limits, usage);
    this.request = request;
    this.usage = usage;
    if (underRegister) {
      ledger.markRegisterApplied();
    }
  }

  /**
   * Settles the next chunk of lines, in input order: with a usage store, first reserves the quotas of the chunk's
   * allowed records in one transaction; then enters each line in the ledger.
   *
   * @param chunk the lines, in input order, at most {@link QuotaCounter#MAX_BATCH}
   * @return the lines with their outcomes and reasons (without the lines' text), in the same order
   * @throws NullPointerException if {@code chunk} or an entry is null
   */
  public List<FilteredLine> settleChunk(List<Decided> chunk) {
    List<FilteredLine> lines = new ArrayList<>(chunk.size());
    for (Decided d : chunk) {
      lines.add(d.ruling() != null
          ? new FilteredLine(d.lineNumber(), null, d.validation(), d.decision(), d.ruling())
          : new FilteredLine(d.lineNumber(), null, d.validation(), d.decision()));
    }
    if (usage != null) {
      List<Reservation> reservations = new ArrayList<>();
      List<FilteredLine> reserved = new ArrayList<>();
      for (FilteredLine line : lines) {
        Reservation r = FilterRun.reservationOf(line, request);
        if (r != null) {
          reservations.add(r);
          reserved.add(line);
        }
      }
      if (!reservations.isEmpty()) {
        List<Admission> answers = usage.reserve(reservations);
        for (int i = 0; i < reserved.size(); i++) {
          reserved.get(i).admission(answers.get(i));
        }
      }
    }
    for (FilteredLine line : lines) {
      ledger.admit(line);
    }
    return lines;
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
    this(request, limits, underRegister, null);
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
    if (usage != null) {
      return settleChunk(List.of(new Decided(lineNumber, validation, decision))).get(0);
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
    if (usage != null) {
      return settleChunk(List.of(new Decided(lineNumber, validation, null, ruling))).get(0);
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
