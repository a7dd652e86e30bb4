package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.register.RegisterRuling;
import dev.flywheel.policy.usage.Admission;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The filter's answer for one line of a records file: the record (or why the line is not one), the engine's
 * decision, and the outcome after honoured obligation types and quotas were applied in input order.
 *
 * <p>Immutable once handed out. Every line of the input gives exactly one {@code FilteredLine}, in input order.
 */
public final class FilteredLine {
  private final long lineNumber;
  private final byte[] bytes; // the line as read, without its line break; null when it was too long to keep
  // Set once when the line is read, or once more by the decide stage (decided): the stages hand a chunk's lines to
  // each other through a Future, which orders the write before every read.
  private RecordResult validation;
  private Decision decision; // null for an invalid line
  private RegisterRuling ruling; // null without a register, and for an invalid line
  private Outcome outcome;
  private DenialReason reason;
  private Admission admission; // the usage store's answer; null without a store or when the line needs none
  private byte[] lineHashes; // the run's LineHasher's result, computed in the decide stage; null without one

  FilteredLine(long lineNumber, byte[] bytes, RecordResult validation, Decision decision) {
    this(lineNumber, bytes, validation, decision, null);
  }

  FilteredLine(long lineNumber, byte[] bytes, RecordResult validation, Decision decision, RegisterRuling ruling) {
    this.lineNumber = lineNumber;
    this.bytes = bytes;
    this.validation = validation;
    this.decision = decision;
    this.ruling = ruling;
  }

  /**
   * The decide stage's result for a line read without a validation (one object per line, not one per stage).
   * Called once, before the line is handed to another stage.
   */
  FilteredLine decided(RecordResult result, Decision value, RegisterRuling registerRuling) {
    this.validation = result;
    this.decision = value;
    this.ruling = registerRuling;
    return this;
  }

  Admission admission() {
    return admission;
  }

  void admission(Admission value) {
    this.admission = value;
  }

  void lineHashes(byte[] value) {
    this.lineHashes = value;
  }

  /**
   * {@return what the run's {@link LineHasher} computed for this line in the decide stage, or {@code null} when the
   * run had none; the array is not copied and must not be changed}
   */
  public byte[] lineHashes() {
    return lineHashes;
  }

  void settle(Outcome newOutcome, DenialReason newReason) {
    this.outcome = newOutcome;
    this.reason = newReason;
  }

  /** {@return the 1-based line number in the input} */
  public long lineNumber() {
    return lineNumber;
  }

  /** {@return {@link Outcome#ALLOWED}, {@link Outcome#DENIED} or {@link Outcome#INVALID}} */
  public Outcome outcome() {
    return outcome;
  }

  /** {@return true when the record may be used (performing {@link #obligations()})} */
  public boolean isAllowed() {
    return outcome == Outcome.ALLOWED;
  }

  /** {@return why the line is not allowed; empty when it is} */
  public Optional<DenialReason> reason() {
    return Optional.ofNullable(reason);
  }

  /** {@return the record, when the line is a valid one} */
  public Optional<ContributionRecord> record() {
    return validation.record();
  }

  /** {@return the record's id, or {@code null} for an invalid line} */
  public String id() {
    return validation.record().map(ContributionRecord::id).orElse(null);
  }

  /** {@return the validator's result: the record and its warnings, or the errors that make the line invalid} */
  public RecordResult validation() {
    return validation;
  }

  /** {@return the validator's diagnostics (errors for an invalid line, warnings for a valid one)} */
  public List<Diagnostic> diagnostics() {
    return validation.diagnostics();
  }

  /** {@return the engine's decision for a valid record; empty for an invalid line} */
  public Optional<Decision> decision() {
    return Optional.ofNullable(decision);
  }

  /** {@return the engine's decision, or {@code null} for an invalid line; {@link #decision()} without an Optional} */
  Decision decisionOrNull() {
    return decision;
  }

  /** {@return {@link #register()} or {@code null}, without an Optional} */
  RegisterRuling rulingOrNull() {
    return ruling;
  }

  /**
   * {@return what the register did to the record and which register rule decided, when the record was decided under
   * a register; empty otherwise and for an invalid line}
   */
  public Optional<RegisterRuling> register() {
    return Optional.ofNullable(ruling);
  }

  /**
   * {@return the collectives the item belongs to: under a register, by the rosters in force (rule 3 of
   * docs/LANGUAGE.md section 10.4); otherwise as the record says; empty for an invalid line}
   */
  public java.util.Collection<String> collectives() {
    if (ruling != null) {
      return ruling.match().terms().collectives();
    }
    ContributionRecord record = validation.record().orElse(null); // no Optional made for each line
    return record == null ? List.of() : record.collectives();
  }

  /**
   * {@return the duties the consumer takes on by using the record: the decision's obligations when the line is allowed,
   * otherwise empty}
   */
  public List<Duty> obligations() {
    return outcome == Outcome.ALLOWED && decision != null ? decision.obligations() : List.of();
  }

  /** {@return true when the line's bytes were kept (every line except one longer than the reading limit)} */
  public boolean hasText() {
    return bytes != null;
  }

  /** {@return the line as read (UTF-8 decoded, malformed bytes replaced), without its line break; empty if not kept} */
  public String text() {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Writes the line's bytes as read, without its line break (nothing if they were not kept).
   *
   * @param out where to write; not closed
   * @throws IOException if writing to {@code out} fails
   */
  public void writeTextTo(OutputStream out) throws IOException {
    if (bytes != null) {
      out.write(bytes);
    }
  }

  /** {@return bytes of the line as read, without its line break (0 if they were not kept)} */
  public int byteLength() {
    return bytes == null ? 0 : bytes.length;
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "line " + lineNumber + ": " + outcome.word() + (reason == null ? "" : " (" + reason.word() + ")");
  }
}
