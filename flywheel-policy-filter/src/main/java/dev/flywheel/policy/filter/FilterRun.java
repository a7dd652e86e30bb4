package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.JsonLineSplitter;
import dev.flywheel.policy.records.JsonLinesReader;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.records.RecordValidator;
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
 * <p>Each line's outcome is settled (quotas and ledger applied) when {@link #next()} returns it, so after the last
 * line the ledger is complete. With several threads, lines are validated and decided ahead in batches
 * ({@link FilterLimits#batchLines()} lines or {@link FilterLimits#batchBytes()} bytes), at most two batches per
 * thread in flight: memory stays flat.
 *
 * <p><b>Chunks and the usage store.</b> With a usage store ({@link RecordFilter.Builder#usage(QuotaCounter)}) the
 * run goes chunk by chunk, each chunk up to 4,096 lines or 8 MiB in input order (whole deciding batches when several
 * threads decide): decide the chunk's lines (on the run's threads or the consuming one), then reserve the quotas of the chunk's allowed records in one transaction of the
 * store ({@link #reserve(List)}), then settle and hand out its lines. A line is handed out, and so can be written,
 * only after the reservation that covers it has committed. Not thread-safe: one consumer per run. Reading errors of the stream are thrown
 * as {@link UncheckedIOException}. Close the run to close the stream and stop its threads.
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
  private final Ledger ledger;
  private final QuotaCounter usage; // null: quotas counted by the ledger, for this run only
  private final ExecutorService pool; // null: decide on the consuming thread
  private final int maxInFlight;
  private final ArrayDeque<Future<List<FilteredLine>>> inFlight = new ArrayDeque<>();
  private List<FilteredLine> batch = List.of();
  private int batchPos;
  private boolean inputDone;
  private FilteredLine pending;
  private boolean closed;

  FilterRun(InputStream in, PolicyEngine engine, RecordValidator validator, Request request, int threads,
      FilterLimits limits, QuotaCounter usage) {
    this.in = in;
    this.usage = usage;
    this.splitter = new JsonLineSplitter(in, validator.limits().maxRecordBytes());
    this.engine = engine;
    this.validator = validator;
    this.request = request;
    this.limits = limits;
    this.ledger = new Ledger(request, limits, usage);
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
    ledger.admit(line);
    return line;
  }

  private FilteredLine pull() {
    try {
      if (pool == null && usage == null) {
        return splitter.next() ? decide(readLine()) : null;
      }
      while (batchPos >= batch.size()) {
        batch = usage == null ? nextBatch() : nextChunk();
        if (batch == null) {
          return null;
        }
        reserve(batch);
        batchPos = 0;
      }
      return batch.get(batchPos++);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void refill() throws IOException {
    while (!inputDone && inFlight.size() < maxInFlight) {
      List<FilteredLine> lines = new ArrayList<>(Math.min(limits.batchLines(), 1024));
      long bytes = 0;
      while (lines.size() < limits.batchLines() && bytes < limits.batchBytes()) {
        if (!splitter.next()) {
          inputDone = true;
          break;
        }
        FilteredLine line = readLine();
        bytes += line.byteLength();
        lines.add(line);
      }
      if (lines.isEmpty()) {
        return;
      }
      inFlight.add(pool.submit(() -> {
        List<FilteredLine> out = new ArrayList<>(lines.size());
        for (FilteredLine l : lines) {
          out.add(decide(l));
        }
        return out;
      }));
    }
  }

  /** The next decided batch of the run's threads; null at the end. */
  private List<FilteredLine> nextBatch() throws IOException {
    refill();
    Future<List<FilteredLine>> head = inFlight.poll();
    return head == null ? null : await(head);
  }

  /**
   * The next chunk for the usage store: lines decided in input order (on the consuming thread, or batch after batch
   * of the run's threads) until the chunk holds {@link #USAGE_CHUNK_LINES} lines or {@link #USAGE_CHUNK_BYTES} bytes;
   * null at the end. Chunks are larger than the deciding batches because each costs a durable commit of the store.
   */
  private List<FilteredLine> nextChunk() throws IOException {
    List<FilteredLine> lines = new ArrayList<>(1024);
    long bytes = 0;
    while (lines.size() < USAGE_CHUNK_LINES && bytes < USAGE_CHUNK_BYTES) {
      if (pool == null) {
        if (!splitter.next()) {
          break;
        }
        FilteredLine line = decide(readLine());
        bytes += line.byteLength();
        lines.add(line);
      } else {
        List<FilteredLine> decided = nextBatch();
        if (decided == null) {
          break;
        }
        for (FilteredLine line : decided) {
          bytes += line.byteLength();
        }
        lines.addAll(decided);
      }
    }
    return lines.isEmpty() ? null : lines;
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
      // decide() catches everything a line can cause; reaching here means the JVM itself failed (an Error), which
      // goes on as it is, so that the caller sees an out-of-memory as one.
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("deciding a batch failed", e.getCause());
    }
  }

  /** The current line of the splitter, not yet validated: blank and too-long lines are settled here. */
  private FilteredLine readLine() {
    long number = splitter.lineNumber();
    RecordResult problem = JsonLinesReader.lineProblem(splitter, validator.limits().maxRecordBytes());
    byte[] bytes = splitter.tooLong() ? null : splitter.copy();
    return new FilteredLine(number, bytes, problem, null);
  }

  /** Validates and decides a line read by {@link #readLine()}; never throws for anything about the line. */
  private FilteredLine decide(FilteredLine line) {
    if (line.validation() != null) {
      return line;
    }
    RecordResult result = validator.validate(line.bytes());
    Decision decision = null;
    if (result.isValid()) {
      decision = RecordFilter.decideItem(engine, result.record().orElseThrow().toItemTerms(), request);
    }
    return new FilteredLine(line.lineNumber(), line.bytes(), result, decision);
  }

  /** Closes the stream and stops the run's threads; lines not yet returned are dropped. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending = null;
    if (pool != null) {
      for (Future<?> f : inFlight) {
        f.cancel(true);
      }
      inFlight.clear();
      pool.shutdownNow();
    }
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
