package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.records.JsonLineSplitter;
import dev.flywheel.policy.records.JsonLinesReader;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.register.RegisterRuling;
import dev.flywheel.policy.register.RegisterSnapshot;
import dev.flywheel.policy.usage.Admission;
import dev.flywheel.policy.usage.QuotaCounter;
import dev.flywheel.policy.usage.Reservation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One pass of a {@link RecordFilter} over one stream: an {@link Iterator} of {@link FilteredLine}, one per input
 * line in input order, and the {@link #ledger() ledger} they build.
 *
 * <p><b>Stages.</b> Lines go through four stages, in chunks of {@link FilterLimits#batchLines()} lines or
 * {@link FilterLimits#batchBytes()} bytes, whatever the number of threads:
 * <ol>
 *   <li><i>read</i>, on the consuming thread, in input order: the stream is split into lines, each line's bytes copied
 *       into the chunk ({@code readChunk});</li>
 *   <li><i>decide</i>, on the run's threads when there are several, any chunk in any order: each line validated and
 *       its record decided, a pure function of the line ({@code decideChunk}); with a {@link LineHasher} and several
 *       deciding threads, each decided line is hashed in the same stage, on the deciding threads;</li>
 *   <li><i>settle</i>, on the consuming thread, one chunk at a time in input order: honoured types, quotas and the
 *       ledger applied to every line of the chunk before any of its lines is handed out ({@code settleChunk});
 *       </li>
 *   <li><i>write</i>, the caller's: {@link #next()} hands the settled lines out in input order.</li>
 * </ol>
 * At most two chunks per thread are between reading and settling: memory stays flat whatever the input's length.
 * Each line's outcome is therefore settled when {@link #next()} returns it, and after the last line the ledger is
 * complete; the ledger {@linkplain #ledger() so far} may already hold the rest of the current chunk. Not
 * thread-safe: one consumer per run. Reading errors of the stream are thrown as {@link UncheckedIOException}. Close
 * the run to close the stream and stop its threads.
 *
 * <p><b>Chunks and the usage store.</b> With a usage store ({@link RecordFilter.Builder#usage(QuotaCounter)}) the
 * settle stage takes several decided chunks at once, up to 4,096 lines or 8 MiB in input order, and first reserves
 * the quotas of their allowed records in one transaction of the store ({@link #reserve(List)}), then enters them in
 * the ledger. A line is handed out, and so can be written, only after the reservation that covers it has committed.
 */
public final class FilterRun implements Iterator<FilteredLine>, AutoCloseable {
  private static final int USAGE_CHUNK_LINES = LineSettler.USAGE_CHUNK_LINES;
  private static final long USAGE_CHUNK_BYTES = LineSettler.USAGE_CHUNK_BYTES;

  private final InputStream in;
  private final JsonLineSplitter splitter;
  private final PolicyEngine engine;
  private final RecordValidator validator;
  private final Request request;
  private final FilterLimits limits;
  private final RegisterSnapshot register; // null: records decided as they are
  private final boolean requireRelease;
  private final Ledger ledger;
  private final DecisionInterner decisions = new DecisionInterner();
  private final QuotaCounter usage; // null: quotas counted by the ledger, for this run only
  // Null: no per-line hashing in the decide stage. Always null with one deciding thread: its decide stage runs on the
  // consuming thread, where hashing would lengthen the run, and the hasher's owner hashes those lines itself, off
  // that thread, once they are settled (a receipt's ReceiptRecorder does).
  private final LineHasher hasher;
  private final ExecutorService pool; // null: decide on the consuming thread
  private final int maxInFlight;
  private final ArrayDeque<Future<List<FilteredLine>>> inFlight = new ArrayDeque<>();
  private List<FilteredLine> chunk = List.of();
  private int chunkPos;
  private boolean inputDone;
  private FilteredLine pending;
  private boolean closed;

  FilterRun(InputStream in, PolicyEngine engine, RecordValidator validator, Request request, int threads,
      FilterLimits limits, RegisterSnapshot register, boolean requireRelease, QuotaCounter usage,
      LineHasher hasher) {
    this.in = in;
    this.usage = usage;
    this.hasher = threads > 1 ? hasher : null;
    this.splitter = new JsonLineSplitter(in, validator.limits().maxRecordBytes());
    this.engine = engine;
    this.validator = validator;
    this.request = request;
    this.limits = limits;
    this.register = register;
    this.requireRelease = requireRelease;
    this.ledger = new Ledger(request, limits, usage);
    if (register != null) {
      ledger.markRegisterApplied();
    }
    if (threads > 1) {
      this.pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "flywheel-filter");
        t.setDaemon(true);
        return t;
      });
      this.maxInFlight = 2 * threads;
    } else {
      this.pool = null;
      this.maxInFlight = 0;
    }
  }

  /** {@return the request every line is decided under, with its time resolved} */
  public Request request() {
    return request;
  }

  /** {@return the time every line is decided at} */
  public Instant at() {
    return request.at();
  }

  /** {@return the ledger so far; complete once {@link #hasNext()} is false} */
  public Ledger ledger() {
    return ledger;
  }

  /** {@return the rest of the lines as a sequential, ordered stream; closing it closes this run} */
  public Stream<FilteredLine> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
        Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
  }

  @Override
  public boolean hasNext() {
    if (pending == null && !closed) {
      pending = pull();
    }
    return pending != null;
  }

  /**
   * The next line, its outcome settled and entered in the ledger.
   *
   * @throws NoSuchElementException after the last line
   * @throws UncheckedIOException if reading the stream fails
   */
  @Override
  public FilteredLine next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more lines");
    }
    FilteredLine line = pending;
    pending = null;
    return line;
  }

  private FilteredLine pull() {
    try {
      while (chunkPos >= chunk.size()) {
        List<FilteredLine> decided = usage == null ? nextDecidedChunk() : nextReservationChunk();
        if (decided == null) {
          return null;
        }
        reserve(decided);
        settleChunk(decided);
        chunk = decided;
        chunkPos = 0;
      }
      return chunk.get(chunkPos++);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next chunk in input order, decided; null after the last. Keeps the run's threads busy ahead of it. */
  private List<FilteredLine> nextDecidedChunk() throws IOException {
    if (pool == null) {
      List<FilteredLine> read = inputDone ? List.of() : readChunk();
      return read.isEmpty() ? null : decideChunk(read);
    }
    while (!inputDone && inFlight.size() < maxInFlight) {
      List<FilteredLine> read = readChunk();
      if (read.isEmpty()) {
        break;
      }
      inFlight.add(pool.submit(() -> decideChunk(read)));
    }
    Future<List<FilteredLine>> head = inFlight.poll();
    return head == null ? null : await(head);
  }

  /**
   * The read stage: the next lines of the stream, up to a chunk's bounds, not yet validated (blank and too-long lines
   * are settled as invalid here); empty at the end of the input.
   */
  private List<FilteredLine> readChunk() throws IOException {
    List<FilteredLine> lines = new ArrayList<>(Math.min(limits.batchLines(), 1024));
    long bytes = 0;
    while (lines.size() < limits.batchLines() && bytes < limits.batchBytes()) {
      if (!splitter.next()) {
        inputDone = true;
        break;
      }
      long number = splitter.lineNumber();
      RecordResult problem = JsonLinesReader.lineProblem(splitter, validator.limits().maxRecordBytes());
      byte[] copy = splitter.tooLong() ? null : splitter.copy();
      FilteredLine line = new FilteredLine(number, copy, problem, null);
      bytes += line.byteLength();
      lines.add(line);
    }
    return lines;
  }

  /** The decide stage: every line of a chunk validated and decided, in a new list of the same order. */
  private List<FilteredLine> decideChunk(List<FilteredLine> read) {
    List<FilteredLine> out = new ArrayList<>(read.size());
    for (FilteredLine line : read) {
      out.add(receiptLeaf(decideLine(line)));
    }
    return out;
  }

  /**
   * The receipt-leaf step of the decide stage: a decided line's order-independent hashes (for a receipt, the line's
   * SHA-256 and its leaf's hash), computed here on the deciding threads so that the consuming thread, which takes
   * the lines in order, does not. Nothing without a {@link LineHasher}.
   */
  private FilteredLine receiptLeaf(FilteredLine decided) {
    if (hasher != null) {
      decided.lineHashes(hasher.hash(decided));
    }
    return decided;
  }

  /**
   * Validates and decides one line read by {@link #readChunk()}; never throws for anything about the line. A pure
   * function of the line, the validator, the engine and the request, so that chunks may be decided on any thread.
   */
  private FilteredLine decideLine(FilteredLine line) {
    if (line.validation() != null) {
      return line;
    }
    RecordResult result = validator.validate(line.bytes());
    if (result.isValid() && register != null) {
      RegisterRuling ruling = RecordFilter.decideUnderRegister(register, engine, result.record().orElseThrow(),
          line.bytes(), request, requireRelease);
      // Interned like any decision, so that the writer finds its kept output part by identity under a register too.
      return line.decided(result, decisions.intern(ruling.decision()), ruling);
    }
    Decision decision = null;
    if (result.isValid()) {
      decision = decisions.intern(
          RecordFilter.decideItem(engine, itemTerms(result.record().orElseThrow()), request));
    }
    return line.decided(result, decision, null);
  }

  /**
   * The terms a valid record is decided by: its own, with their layers and licence. Anything that adds to a record's
   * terms before deciding (a pure, thread-safe function of the record) goes here, in the decide stage.
   */
  private static ItemTerms itemTerms(ContributionRecord record) {
    return record.toItemTerms();
  }

  /**
   * The settle stage: one decided chunk, in input order, entered in the ledger line by line (honoured types, quotas,
   * ledger bounds). It runs for the whole chunk before any line of it is handed out, so that anything to be made
   * durable about a chunk's lines (one transaction per chunk) is done before the caller writes them.
   */
  private void settleChunk(List<FilteredLine> decided) {
    for (FilteredLine line : decided) {
      ledger.admit(line);
    }
  }

  /**
   * The next lines for one reservation of the usage store: decided chunks in input order, until they hold
   * {@link #USAGE_CHUNK_LINES} lines or {@link #USAGE_CHUNK_BYTES} bytes; null at the end. Larger than one deciding
   * chunk because each reservation costs a durable commit of the store.
   */
  private List<FilteredLine> nextReservationChunk() throws IOException {
    List<FilteredLine> lines = null;
    long bytes = 0;
    while (lines == null || (lines.size() < USAGE_CHUNK_LINES && bytes < USAGE_CHUNK_BYTES)) {
      List<FilteredLine> decided = nextDecidedChunk();
      if (decided == null) {
        break;
      }
      if (lines == null) {
        lines = new ArrayList<>(decided);
      } else {
        lines.addAll(decided);
      }
      for (FilteredLine line : decided) {
        bytes += line.byteLength();
      }
    }
    return lines;
  }

  /**
   * The chunk's reservation: one batch to the usage store, with every line of {@code chunk} whose decision allows
   * the record and carries quota duties, in input order; each such line gets the store's answer, which the ledger
   * settles it by. Nothing is reserved without a store.
   */
  private void reserve(List<FilteredLine> chunk) {
    if (usage == null) {
      return;
    }
    List<Reservation> reservations = new ArrayList<>();
    List<FilteredLine> reserved = new ArrayList<>();
    for (FilteredLine line : chunk) {
      Reservation r = reservationOf(line, request);
      if (r != null) {
        reservations.add(r);
        reserved.add(line);
      }
    }
    if (reservations.isEmpty()) {
      return;
    }
    List<Admission> answers = usage.reserve(reservations);
    for (int i = 0; i < reserved.size(); i++) {
      reserved.get(i).admission(answers.get(i));
    }
  }

  /** The reservation a line needs: an allowed decision with quota duties; null for every other line. */
  static Reservation reservationOf(FilteredLine line, Request request) {
    Decision decision = line.decision().orElse(null);
    if (decision == null || DenialReason.of(decision) != null) {
      return null;
    }
    boolean capped = false;
    for (dev.flywheel.policy.Duty duty : decision.obligations()) {
      capped |= duty instanceof dev.flywheel.policy.Duty.Quota;
    }
    if (!capped) {
      return null;
    }
    dev.flywheel.policy.records.ContributionRecord record = line.record().orElseThrow();
    return Reservation.of(record.id(), record.contributor(), request.at(), decision.obligations());
  }

  private static List<FilteredLine> await(Future<List<FilteredLine>> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for decisions");
    } catch (ExecutionException e) {
      // decideLine() catches everything a line can cause; reaching here means the JVM itself failed (an Error),
      // which goes on as it is, so that the caller sees an out-of-memory as one.
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("deciding a chunk failed", e.getCause());
    }
  }

  /** Closes the stream and stops the run's threads; lines not yet returned are dropped. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending = null;
    chunk = List.of();
    for (Future<?> f : inFlight) {
      f.cancel(true);
    }
    inFlight.clear();
    if (pool != null) {
      pool.shutdownNow();
    }
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
