package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.JsonLineSplitter;
import dev.flywheel.policy.records.JsonLinesReader;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.register.RegisterRuling;
import dev.flywheel.policy.register.RegisterSnapshot;
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
 * thread in flight: memory stays flat. Not thread-safe: one consumer per run. Reading errors of the stream are thrown
 * as {@link UncheckedIOException}. Close the run to close the stream and stop its threads.
 */
public final class FilterRun implements Iterator<FilteredLine>, AutoCloseable {
  private final InputStream in;
  private final JsonLineSplitter splitter;
  private final PolicyEngine engine;
  private final RecordValidator validator;
  private final Request request;
  private final FilterLimits limits;
  private final RegisterSnapshot register; // null: records decided as they are
  private final boolean requireRelease;
  private final Ledger ledger;
  private final ExecutorService pool; // null: decide on the consuming thread
  private final int maxInFlight;
  private final ArrayDeque<Future<List<FilteredLine>>> inFlight = new ArrayDeque<>();
  private List<FilteredLine> batch = List.of();
  private int batchPos;
  private boolean inputDone;
  private FilteredLine pending;
  private boolean closed;

  FilterRun(InputStream in, PolicyEngine engine, RecordValidator validator, Request request, int threads,
      FilterLimits limits, RegisterSnapshot register, boolean requireRelease) {
    this.in = in;
    this.splitter = new JsonLineSplitter(in, validator.limits().maxRecordBytes());
    this.engine = engine;
    this.validator = validator;
    this.request = request;
    this.limits = limits;
    this.register = register;
    this.requireRelease = requireRelease;
    this.ledger = new Ledger(request, limits);
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
    ledger.admit(line);
    return line;
  }

  private FilteredLine pull() {
    try {
      if (pool == null) {
        return splitter.next() ? decide(readLine()) : null;
      }
      while (batchPos >= batch.size()) {
        refill();
        Future<List<FilteredLine>> head = inFlight.poll();
        if (head == null) {
          return null;
        }
        batch = await(head);
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
    RegisterRuling ruling = null;
    if (result.isValid() && register != null) {
      ruling = RecordFilter.decideUnderRegister(register, engine, result.record().orElseThrow(), line.bytes(),
          request, requireRelease);
      decision = ruling.decision();
    } else if (result.isValid()) {
      decision = RecordFilter.decideItem(engine, result.record().orElseThrow().toItemTerms(), request);
    }
    return new FilteredLine(line.lineNumber(), line.bytes(), result, decision, ruling);
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
