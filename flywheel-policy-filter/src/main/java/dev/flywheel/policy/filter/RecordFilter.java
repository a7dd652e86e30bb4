package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.records.RecordLimits;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterMatch;
import dev.flywheel.policy.register.RegisterRuling;
import dev.flywheel.policy.register.RegisterSnapshot;
import dev.flywheel.policy.usage.QuotaCounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Filters contribution records (JSON Lines, {@code docs/RECORDS.md}) for a declared purpose, keeping an obligations
 * {@link Ledger}. See {@code docs/FILTER.md}.
 *
 * <p><b>Contract.</b> A {@code RecordFilter} is immutable and thread-safe; it holds one {@link PolicyEngine} (whose
 * cache of compiled terms is shared by every record and run) and one {@link RecordValidator}. Each
 * {@link #open(InputStream) run} reads one stream line by line and yields one {@link FilteredLine} per line, in input
 * order, whatever the number of {@link Builder#threads(int) deciding threads}; quotas and the ledger are applied in
 * input order, so the outcome of every line and the ledger are identical for 1 or N threads. Nothing about the
 * content of a line throws: an invalid line is an {@link Outcome#INVALID} line with its diagnostics, an engine failure
 * a deny (fail closed). Memory is bounded by the lines in flight and the ledger's {@link FilterLimits}, never by the
 * length of the input.
 *
 * <p><b>Request.</b> The purpose, facts and honoured obligation types of the {@link Request}; its time, when null,
 * is read once per run from the {@link Builder#clock(Clock) clock}, so every line of a run is decided at the same
 * instant and quotas count within the calendar period containing it. Honouring nothing (the default of
 * {@link Request#of}) is fail closed: every obligation decision is denied with
 * {@link DenialReason#OBLIGATION_NOT_HONOURED}.
 *
 * <pre>{@code
 * RecordFilter filter = RecordFilter.builder(engine)
 *     .request(Request.of(Purpose.TRAIN).honouring(ObligationType.ATTRIBUTION))
 *     .build();
 * try (FilterRun run = filter.open(Files.newInputStream(path))) {
 *   while (run.hasNext()) {
 *     FilteredLine line = run.next();
 *     if (line.isAllowed()) { train(line.record().orElseThrow(), line.obligations()); }
 *   }
 *   Ledger ledger = run.ledger();
 * }
 * }</pre>
 */
public final class RecordFilter {
  private final PolicyEngine engine;
  private final RecordValidator validator;
  private final Request request;
  private final Clock clock;
  private final int threads;
  private final FilterLimits limits;
  private final Register register;
  private final boolean requireRelease;
  private final QuotaCounter usage;

  private RecordFilter(Builder b) {
    this.usage = b.usage;
    this.engine = b.engine;
    this.validator = b.validator;
    this.request = b.request;
    this.clock = b.clock;
    this.threads = b.threads;
    this.limits = b.limits;
    this.register = b.register;
    this.requireRelease = b.requireRelease;
  }

  /**
   * {@return a builder for a filter deciding with {@code engine}}
   *
   * @param engine the engine that decides every record
   * @throws NullPointerException if {@code engine} is null
   */
  public static Builder builder(PolicyEngine engine) {
    return new Builder(engine);
  }

  /**
   * Starts a run over {@code in} (UTF-8 JSON Lines). The run owns the stream: closing the run closes it. The request
   * time, if the request has none, is read from the clock now.
   *
   * @param in the records, UTF-8 JSON Lines
   * @return the run, to be iterated line by line and closed
   * @throws NullPointerException if {@code in} is null
   */
  public FilterRun open(InputStream in) {
    Objects.requireNonNull(in, "in");
    return open(in, null);
  }

  /**
   * Starts a run over {@code in}, as {@link #open(InputStream)}, that also hands every line to {@code hasher} in its
   * decide stage, on the deciding threads, and carries the result on the line ({@link FilteredLine#lineHashes()}).
   * Only a run with several deciding threads does: with one, the decide stage runs on the thread that consumes the
   * run, so the hasher is never called and the lines carry no hashes (the hasher's owner hashes them itself, off
   * that thread).
   *
   * @param in the records, UTF-8 JSON Lines
   * @param hasher order-independent hashing of each decided line, or null for none
   * @return the run, to be iterated line by line and closed
   * @throws NullPointerException if {@code in} is null
   */
  public FilterRun open(InputStream in, LineHasher hasher) {
    Objects.requireNonNull(in, "in");
    Request resolved = request.at() != null ? request : request.at(clock.instant());
    RegisterSnapshot snapshot = register == null ? null : register.at(resolved.at());
    return new FilterRun(in, engine, validator, resolved, threads, limits, snapshot, requireRelease, usage, hasher);
  }

  /**
   * Filters every line of {@code in}, handing each {@link FilteredLine} to {@code each} in input order on the calling
   * thread, and returns the finished ledger. Does not close {@code in}.
   *
   * @param in the records, UTF-8 JSON Lines
   * @param each receives every line's result, in input order
   * @return the finished ledger
   * @throws IOException if reading {@code in} fails
   */
  public Ledger filter(InputStream in, Consumer<FilteredLine> each) throws IOException {
    Objects.requireNonNull(each, "each");
    FilterRun run = open(new NonClosing(in));
    try (run) {
      while (run.hasNext()) {
        each.accept(run.next());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return run.ledger();
  }

  /** {@return the request as given (its time may be null: resolved per run)} */
  public Request request() {
    return request;
  }

  /** {@return the quota counter of the usage store, if the filter has one} */
  public java.util.Optional<QuotaCounter> usage() {
    return java.util.Optional.ofNullable(usage);
  }

  /** {@return the number of deciding threads per run, from 1 to 256} */
  public int threads() {
    return threads;
  }

  /** {@return the register every record is decided under, if one was set} */
  public Optional<Register> register() {
    return Optional.ofNullable(register);
  }

  /** {@return true when records in no release in force are denied ({@link DenialReason#UNRELEASED})} */
  public boolean requireRelease() {
    return requireRelease;
  }

  /** Builds a {@link RecordFilter}; not thread-safe. */
  public static final class Builder {
    private final PolicyEngine engine;
    /** Null until set: the default is made in {@link #build()}, around the filter's engine. */
    private RecordValidator validator;
    private Request request;
    private Clock clock = Clock.systemUTC();
    private int threads = 1;
    private FilterLimits limits = FilterLimits.DEFAULTS;
    private Register register;
    private boolean requireRelease;
    private QuotaCounter usage;

    private Builder(PolicyEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Sets the validator for each line (default: {@link RecordValidator#create(RecordLimits, PolicyEngine)} with
     * {@link RecordLimits#DEFAULTS} and the filter's engine, so that each distinct terms text is parsed once, by the
     * engine, for validating and deciding alike). A validator with its own parser gives the same results and parses
     * each terms text a second time.
     *
     * @param value the validator
     * @return this builder
     */
    public Builder validator(RecordValidator value) {
      this.validator = Objects.requireNonNull(value, "validator");
      return this;
    }

    /**
     * Sets the purpose, facts, time (null: the clock's now at the start of each run) and honoured types. Required.
     *
     * @param value the request every line is decided under
     * @return this builder
     */
    public Builder request(Request value) {
      this.request = Objects.requireNonNull(value, "request");
      return this;
    }

    /**
     * Sets the clock for requests without a time (default {@link Clock#systemUTC()}).
     *
     * @param value the clock, read once at the start of each run
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Threads validating and deciding lines (default 1: everything on the consuming thread). Results never depend
     * on it.
     *
     * @param value the number of threads, from 1 to 256
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is not between 1 and 256
     */
    public Builder threads(int value) {
      if (value < 1 || value > 256) {
        throw new IllegalArgumentException("threads must be between 1 and 256, was " + value);
      }
      this.threads = value;
      return this;
    }

    /**
     * Keeps quota counts in a usage store (docs/USAGE.md) instead of counting them per run. Each run then reserves,
     * chunk by chunk ({@link LineSettler#USAGE_CHUNK_LINES} lines or {@link LineSettler#USAGE_CHUNK_BYTES} bytes), the quotas
     * of the chunk's allowed records in one transaction before handing out the chunk's lines; a cap counts distinct
     * record ids per consumer, owner and period instance across runs, processes and machines; a record already
     * counted in its period instances is allowed again without counting again; a record the store cannot answer for
     * is denied with {@link DenialReason#USAGE_UNAVAILABLE}. Default: none (counts for this run only).
     *
     * @param value the counter of the consumer whose use is counted
     * @return this builder
     */
    public Builder usage(QuotaCounter value) {
      this.usage = Objects.requireNonNull(value, "usage");
      return this;
    }

    /**
     * Sets the ledger's bounds (default {@link FilterLimits#DEFAULTS}).
     *
     * @param value the bounds
     * @return this builder
     */
    public Builder limits(FilterLimits value) {
      this.limits = Objects.requireNonNull(value, "limits");
      return this;
    }

    /**
     * Decides every record under a verified register (docs/LANGUAGE.md section 10.4): its collectives' statements,
     * rosters and withdrawals in force at the run's time replace what the record says of them, and the ledger counts
     * the embedded statements ignored and the records found in a release. Applying it does no I/O per record.
     *
     * @param value the register, loaded and verified once
     * @return this builder
     */
    public Builder register(Register value) {
      this.register = Objects.requireNonNull(value, "register");
      return this;
    }

    /**
     * Denies every record whose digest is in no release in force in the register ({@link DenialReason#UNRELEASED};
     * default false: records are decided as they are, and the ledger counts those found in a release).
     *
     * @param value true to require a release
     * @return this builder
     */
    public Builder requireRelease(boolean value) {
      this.requireRelease = value;
      return this;
    }

    /**
     * {@return the filter}
     *
     * @throws IllegalStateException if no request was set, or releases are required without a register
     */
    public RecordFilter build() {
      if (request == null) {
        throw new IllegalStateException("a request is required");
      }
      if (requireRelease && register == null) {
        throw new IllegalStateException("requiring a release needs a register");
      }
      if (validator == null) {
        validator = RecordValidator.create(RecordLimits.DEFAULTS, engine);
      }
      return new RecordFilter(this);
    }
  }

  /** Keeps {@link #filter} from closing a stream it does not own. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }

  /**
   * Decides one record's item with {@code engine}, fail closed: the engine promises not to throw, and if it ever
   * does, the record is denied with {@code internal-error}, never allowed. Every path that decides records (this
   * filter, the Spark job) goes through here.
   *
   * @param engine the engine
   * @param item the record's item terms
   * @param request the request
   * @return the engine's decision, or a deny with {@code internal-error} if the engine threw
   */
  public static Decision decideItem(PolicyEngine engine, ItemTerms item, Request request) {
    try {
      return engine.decide(item, request);
    } catch (RuntimeException e) {
      return internalError(e);
    }
  }

  /**
   * Decides one record under a register snapshot, fail closed: a failure anywhere is a deny with
   * {@code internal-error}, never an allow. Every path that decides records under a register (this filter, the
   * Spark job) goes through here.
   *
   * @param snapshot the register at the request's time
   * @param engine the engine
   * @param record the valid record
   * @param json the bytes the record was validated from
   * @param request the request, at the snapshot's time
   * @param requireRelease true to deny records in no release in force
   * @return the decision and what the register did
   */
  public static RegisterRuling decideUnderRegister(RegisterSnapshot snapshot, PolicyEngine engine,
      ContributionRecord record, byte[] json, Request request, boolean requireRelease) {
    try {
      return snapshot.apply(record, json).decide(engine, request, requireRelease);
    } catch (RuntimeException e) {
      return new RegisterRuling(internalError(e), RegisterRuling.Effect.NONE,
          new RegisterMatch(record.toItemTerms(), 0, -1, false));
    }
  }

  private static Decision internalError(RuntimeException e) {
    return new Decision.Deny(Decision.Basis.ERROR,
        List.of(new Reason(Layer.DEFAULT, null, null, "the engine failed; denied")),
        List.of(Diagnostic.of(DiagnosticCode.INTERNAL_ERROR,
            "decision failed: internal error (" + e.getClass().getSimpleName() + ")")),
        List.of());
  }
}
