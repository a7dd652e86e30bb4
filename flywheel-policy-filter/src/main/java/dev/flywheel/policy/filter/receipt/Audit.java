package dev.flywheel.policy.filter.receipt;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.Ledger;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.register.Dsse;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterRuling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Audits a {@link Receipt} against the data it names (docs/AUDIT.md, "Audit"):
 *
 * <ol>
 *   <li>the signature, when a consumer key is given;
 *   <li>the data: its bytes, lines and SHA-256, naming the first line whose digest differs;
 *   <li>the decisions: every line decided again with the receipt's request, under the register's prefix the receipt
 *       names, and the counts, the ledger's digest and the decisions root compared; for a run with a usage store,
 *       each reserved line admitted or refused as the receipt says ({@link Receipt.Usage}), the only part taken on
 *       the receipt's word, and counted in the report;
 *   <li>{@code backdated}: a decision time more than a day before the run's start, with the register entries in
 *       force at the start that would have changed decisions;
 *   <li>with a register, the withdrawal report: every line allowed in the run and denied at the audit's time by its
 *       decision (quotas aside), with the register entry from which on it is denied.
 * </ol>
 *
 * <p>The data is read once per pass (the run again; at the start, when backdated; at the audit's time, with a
 * register), the passes side by side, so memory does not grow with the data but by the receipt's line digests.
 * Nothing about the data or the receipt throws: a difference is a {@link Finding}.
 */
public final class Audit {
  /** How far before its start a run may be decided before the receipt is {@code backdated}. */
  public static final Duration BACKDATED_AFTER = Duration.ofDays(1);

  private Audit() {
  }

  /** Opens the data afresh for each pass. */
  @FunctionalInterface
  public interface Data {
    /**
     * Opens the data from its first byte.
     *
     * @return a stream the audit closes
     * @throws IOException if it cannot be opened
     */
    InputStream open() throws IOException;
  }

  /**
   * What to audit.
   *
   * @param receipt the receipt
   * @param envelope its signature, or null
   * @param consumerKey the consumer's key to check the signature with, or null to skip step 1
   * @param data the data the receipt names
   * @param engine the engine to decide with
   * @param register the register (verified), or null; required when the receipt names one
   * @param at the time of the withdrawal report
   */
  public record Setup(Receipt receipt, Dsse.Envelope envelope, PublicKey consumerKey, Data data, PolicyEngine engine,
      RegisterHistory register, Instant at) {
    /**
     * Creates the value.
     *
     * @throws NullPointerException if {@code receipt}, {@code data}, {@code engine} or {@code at} is null
     */
    public Setup {
      Objects.requireNonNull(receipt, "receipt");
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A mismatch or a warning.
   *
   * @param code stable: {@code signature}, {@code request}, {@code register}, {@code input}, {@code usage},
   *     {@code counts}, {@code ledger}, {@code decisions-root}; {@code backdated} for the warning
   * @param message one line for a person
   * @param line the first line that differs, or 0
   */
  public record Finding(String code, String message, long line) {
    /**
     * Creates the value.
     *
     * @throws NullPointerException if {@code code} or {@code message} is null
     */
    public Finding {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A line whose decision changed: allowed in the run, denied at another time.
   *
   * @param line its line number
   * @param id its record id
   * @param reason the reason word it is denied with
   * @param registerSeq the register entry from which on it is denied, or null when the register is not the cause
   * @param since since when that entry acts, or null
   */
  public record Change(long line, String id, String reason, Long registerSeq, Instant since) {}

  /**
   * The audit's result.
   *
   * @param mismatches what does not match (empty: the receipt holds)
   * @param warnings {@code backdated}, when it is
   * @param backdatedLines lines the run allowed that the register and terms in force at its start deny
   * @param backdatedEntries the register entries that would have changed those decisions, ascending
   * @param withdrawn lines listed by the withdrawal report ({@code -1} without a register)
   * @param lines lines read from the data
   * @param usageAnswers for a run with a usage store, the lines whose store answer (admitted or refused) was taken on
   *     the receipt's word, because the store's counts cannot be replayed; {@code -1} for a run without a store
   * @param usageRefused how many of those answers refused the line ({@code -1} without a store)
   */
  public record Report(List<Finding> mismatches, List<Finding> warnings, long backdatedLines,
      List<Long> backdatedEntries, long withdrawn, long lines, long usageAnswers, long usageRefused) {
    /**
     * A report of a run without a usage store.
     *
     * @param mismatches what does not match
     * @param warnings the warnings
     * @param backdatedLines lines denied at the run's start
     * @param backdatedEntries the register entries behind them
     * @param withdrawn lines listed by the withdrawal report, or {@code -1}
     * @param lines lines read from the data
     */
    public Report(List<Finding> mismatches, List<Finding> warnings, long backdatedLines,
        List<Long> backdatedEntries, long withdrawn, long lines) {
      this(mismatches, warnings, backdatedLines, backdatedEntries, withdrawn, lines, -1, -1);
    }

    /** {@return true when nothing mismatched} */
    public boolean matches() {
      return mismatches.isEmpty();
    }
  }

  /**
   * Runs the audit.
   *
   * @param setup what to audit
   * @param withdrawals receives each line of the withdrawal report, in input order
   * @return the report
   * @throws UncheckedIOException if the data cannot be read
   */
  public static Report run(Setup setup, Consumer<Change> withdrawals) {
    return run(setup, withdrawals, ReceiptRecorder.MAX_LINES);
  }

  /** {@link #run(Setup, Consumer)} recording at most {@code maxLines} lines of the data: how tests reach the bound. */
  static Report run(Setup setup, Consumer<Change> withdrawals, long maxLines) {
    Receipt receipt = setup.receipt();
    List<Finding> mismatches = new ArrayList<>();
    List<Finding> warnings = new ArrayList<>();
    // 1. The signature.
    if (setup.consumerKey() != null) {
      if (setup.envelope() == null) {
        mismatches.add(new Finding("signature", "the receipt is not signed", 0));
      } else if (!ReceiptJson.verify(receipt, setup.envelope(), setup.consumerKey())) {
        mismatches.add(new Finding("signature", "the receipt is not signed by the given consumer key, or its "
            + "signed payload differs from its members", 0));
      }
    }
    Request request = request(receipt.request());
    if (request == null) {
      mismatches.add(new Finding("request", "the receipt's request names a word this engine does not know", 0));
      return new Report(mismatches, warnings, 0, List.of(), -1, 0);
    }
    Register runRegister = null;
    boolean requireRelease = false;
    if (receipt.register() != null) {
      if (setup.register() == null) {
        mismatches.add(new Finding("register", "the receipt names a register of " + receipt.register().size()
            + " entries: give it with --register", 0));
        return new Report(mismatches, warnings, 0, List.of(), -1, 0);
      }
      if (receipt.register().size() > setup.register().size()) {
        mismatches.add(new Finding("register", "the receipt names " + receipt.register().size()
            + " register entries, the register holds " + setup.register().size(), 0));
        return new Report(mismatches, warnings, 0, List.of(), -1, 0);
      }
      runRegister = setup.register().prefix((int) receipt.register().size());
      requireRelease = receipt.register().requireRelease();
    }
    boolean backdated = receipt.request().at().plus(BACKDATED_AFTER).isBefore(receipt.startedAt());
    if (backdated) {
      warnings.add(new Finding("backdated", "decided at " + receipt.request().at() + ", more than a day before the "
          + "run started at " + receipt.startedAt(), 0));
    }
    RegisterHistory history = setup.register();
    Register current = history == null ? null : history.prefix(history.size());
    ReplayedUsage replay = null;
    if (receipt.usage() != null) {
      boolean[] answers = receipt.usage().answers().orElse(null);
      if (answers == null) {
        mismatches.add(new Finding("usage", "the receipt's usage answers are not base64 of "
            + receipt.usage().reserved() + " bits", 0));
        return new Report(mismatches, warnings, 0, List.of(), -1, 0);
      }
      replay = new ReplayedUsage(receipt.usage(), answers);
    }
    ReceiptRecorder recorder = new ReceiptRecorder(maxLines);
    boolean tooLong = false;
    List<AutoCloseable> open = new ArrayList<>();
    long backdatedLines = 0;
    TreeSet<Long> backdatedEntries = new TreeSet<>();
    long withdrawn = current == null ? -1 : 0;
    Ledger ledger;
    try {
      FilterRun run = open(setup, request, runRegister, requireRelease, recorder, replay, open);
      Request atStart = request.at(receipt.startedAt());
      FilterRun start = backdated ? open(setup, atStart, current, requireRelease, null, null, open) : null;
      Request atAudit = request.at(setup.at());
      FilterRun now = current != null ? open(setup, atAudit, current, requireRelease, null, null, open) : null;
      while (run.hasNext()) {
        FilteredLine line = run.next();
        if (recorder.lines() >= recorder.maxLines()) {
          // No receipt names more lines: the data is not the one a receipt names, whatever the rest.
          tooLong = true;
          mismatches.add(new Finding("input", "the data has more than " + recorder.maxLines() + " lines, more than "
              + "a receipt names; line " + line.lineNumber() + " is past it", line.lineNumber()));
          break;
        }
        recorder.record(line);
        FilteredLine later = start != null && start.hasNext() ? start.next() : null;
        FilteredLine latest = now != null && now.hasNext() ? now.next() : null;
        if (!line.isAllowed()) {
          continue;
        }
        if (later != null && deniedByDecision(later)) {
          backdatedLines++;
          Long seq = blame(history, setup.engine(), later, atStart, requireRelease);
          if (seq != null) {
            backdatedEntries.add(seq);
          }
        }
        if (latest != null && deniedByDecision(latest)) {
          withdrawn++;
          Long seq = blame(history, setup.engine(), latest, atAudit, requireRelease);
          withdrawals.accept(new Change(line.lineNumber(), line.id(), latest.reason().orElseThrow().word(), seq,
              seq == null ? null : history.since(seq)));
        }
      }
      ledger = run.ledger();
    } catch (RuntimeException | Error e) {
      recorder.close();
      throw e;
    } finally {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception ignored) {
          // Closing what was only read: nothing to lose.
        }
      }
    }
    long usageAnswers = replay == null ? -1 : replay.answered();
    long usageRefused = replay == null ? -1 : replay.refused();
    try (recorder) {
      if (tooLong) {
        return new Report(mismatches, warnings, backdatedLines, List.copyOf(backdatedEntries), withdrawn,
            recorder.lines(), usageAnswers, usageRefused);
      }
      if (replay != null && replay.asked() != replay.answered()) {
        mismatches.add(new Finding("usage", "the receipt gives the usage store's answers for " + replay.answered()
            + " line(s); deciding again reserves " + replay.asked(), 0));
      }
      compare(receipt, recorder, ledger, mismatches);
    }
    if (backdated) {
      StringBuilder sb = new StringBuilder();
      sb.append(backdatedLines).append(" line(s) allowed in the run are denied at its start");
      if (!backdatedEntries.isEmpty()) {
        sb.append(" by register entr").append(backdatedEntries.size() == 1 ? "y " : "ies ");
        sb.append(String.join(", ", backdatedEntries.stream().map(String::valueOf).toList()));
      }
      warnings.add(new Finding("backdated", sb.toString(), 0));
    }
    return new Report(mismatches, warnings, backdatedLines, List.copyOf(backdatedEntries), withdrawn,
        recorder.lines(), usageAnswers, usageRefused);
  }

  private static FilterRun open(Setup setup, Request request, Register register, boolean requireRelease,
      ReceiptRecorder recorder, ReplayedUsage usage, List<AutoCloseable> open) {
    InputStream in;
    try {
      in = setup.data().open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    InputStream source = recorder == null ? in : recorder.wrap(in);
    RecordFilter.Builder builder = RecordFilter.builder(setup.engine()).request(request);
    if (register != null) {
      builder.register(register).requireRelease(requireRelease);
    }
    if (usage != null) {
      builder.usage(usage);
    }
    FilterRun run = builder.build().open(new java.io.BufferedInputStream(source, 1 << 16),
        recorder == null ? null : recorder.lineHasher());
    open.add(run);
    open.add(in);
    return run;
  }

  /** Denied by its decision or the register; a quota or a full ledger is about consumption, not about the item. */
  private static boolean deniedByDecision(FilteredLine line) {
    DenialReason reason = line.reason().orElse(null);
    return reason != null && reason != DenialReason.QUOTA && reason != DenialReason.LEDGER_FULL;
  }

  /**
   * The register entry from which on {@code line} is denied at the request's time: the last entry of the shortest
   * prefix of the register under which it is; null when it is denied without any entry, or never.
   */
  private static Long blame(RegisterHistory history, PolicyEngine engine, FilteredLine line, Request request,
      boolean requireRelease) {
    if (history == null || line.record().isEmpty()) {
      return null;
    }
    RegisterRuling ruling = line.register().orElse(null);
    if (ruling != null && ruling.effect() == RegisterRuling.Effect.WITHDRAWN) {
      return ruling.match().withdrawnBy();
    }
    byte[] json = line.text().getBytes(StandardCharsets.UTF_8);
    Function<Integer, Boolean> denied = k -> {
      RegisterRuling r = RecordFilter.decideUnderRegister(history.prefix(k).at(request.at()), engine,
          line.record().orElseThrow(), json, request, requireRelease);
      return DenialReason.of(r) != null;
    };
    if (denied.apply(0) || !denied.apply(history.size())) {
      return null;
    }
    int lo = 0;
    int hi = history.size(); // denied(hi), not denied(lo)
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (denied.apply(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return (long) (hi - 1);
  }

  private static void compare(Receipt receipt, ReceiptRecorder recorder, Ledger ledger, List<Finding> mismatches) {
    byte[] ledgerBytes;
    try {
      ledgerBytes = LedgerBytes.of(ledger);
    } catch (java.nio.charset.CharacterCodingException e) {
      ledgerBytes = new byte[0]; // no file could have been written: the digest cannot match
    }
    Receipt again = recorder.finish(ledger, ledgerBytes, receipt.tool(), receipt.engine(),
        receipt.register(), receipt.usage(), receipt.startedAt(), receipt.finishedAt());
    Receipt.Input was = receipt.input();
    Receipt.Input is = again.input();
    if (was.bytes() != is.bytes() || was.lines() != is.lines() || !was.sha256().equals(is.sha256())) {
      long line = firstDifferentLine(was.lineDigests(), recorder.lineDigests(), was.lines(), is.lines());
      mismatches.add(new Finding("input", line > 0
          ? "line " + line + " differs from the input the receipt names"
          : "the input differs from the one the receipt names (" + is.bytes() + " bytes, " + is.lines()
              + " lines; the receipt names " + was.bytes() + " bytes, " + was.lines() + " lines)", line));
    }
    if (!receipt.counts().equals(again.counts())) {
      mismatches.add(new Finding("counts", "the counts differ: the receipt says read " + receipt.counts().read()
          + ", allowed " + receipt.counts().allowed() + ", denied " + receipt.counts().denied() + ", invalid "
          + receipt.counts().invalid() + "; deciding again gives " + again.counts().read() + ", "
          + again.counts().allowed() + ", " + again.counts().denied() + ", " + again.counts().invalid()
          + (receipt.counts().reasons().equals(again.counts().reasons()) ? "" : " (reasons differ)"), 0));
    }
    if (!receipt.ledgerSha256().equals(again.ledgerSha256())) {
      mismatches.add(new Finding("ledger", "the ledger's SHA-256 differs from the ledger deciding again gives", 0));
    }
    if (!receipt.decisionsRoot().equals(again.decisionsRoot())) {
      mismatches.add(new Finding("decisions-root", "the decisions root differs: the receipt says "
          + receipt.decisionsRoot() + ", deciding again gives " + again.decisionsRoot(), 0));
    }
  }

  /** The first line (1-based) whose digest differs, or the first past the shorter list; 0 when none can be named. */
  static long firstDifferentLine(String receiptDigests, byte[] dataDigests, long receiptLines, long dataLines) {
    byte[] named;
    try {
      named = Base64.getDecoder().decode(receiptDigests);
    } catch (IllegalArgumentException e) {
      return 0;
    }
    if (named.length != receiptLines * ReceiptRecorder.LINE_DIGEST_BYTES) {
      return 0;
    }
    long common = Math.min(receiptLines, dataLines);
    int w = ReceiptRecorder.LINE_DIGEST_BYTES;
    for (long i = 0; i < common; i++) {
      int at = (int) (i * w);
      if (java.util.Arrays.compare(named, at, at + w, dataDigests, at, at + w) != 0) {
        return i + 1;
      }
    }
    return receiptLines != dataLines ? common + 1 : 0;
  }

  /** The receipt's request, or null when it names a word this engine does not know. */
  static Request request(Receipt.RequestPart part) {
    Purpose purpose = Purpose.fromWord(part.purpose()).orElse(null);
    if (purpose == null) {
      return null;
    }
    Set<Fact> facts = EnumSet.noneOf(Fact.class);
    for (String f : part.facts()) {
      Fact fact = Fact.fromWord(f).orElse(null);
      if (fact == null) {
        return null;
      }
      facts.add(fact);
    }
    Set<ObligationType> honoured = EnumSet.noneOf(ObligationType.class);
    for (String h : part.honoured()) {
      ObligationType type = ObligationType.fromWord(h).orElse(null);
      if (type == null) {
        return null;
      }
      honoured.add(type);
    }
    return new Request(purpose, facts, part.at(), honoured);
  }
}
