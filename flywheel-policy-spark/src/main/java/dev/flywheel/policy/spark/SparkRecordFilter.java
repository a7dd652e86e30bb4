package dev.flywheel.policy.spark;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.FilterLimits;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.LineSettler;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterMatch;
import dev.flywheel.policy.register.RegisterRuling;
import dev.flywheel.policy.usage.QuotaCounter;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The record filter of {@code docs/FILTER.md} on a Spark dataset: the same decisions, denials and ledger as
 * {@link dev.flywheel.policy.filter.RecordFilter} on the same lines. See {@code docs/SPARK.md}.
 *
 * <p><b>Input.</b> A dataset of {@link #LINES} rows: {@code line} (the 1-based line number: the order quotas are
 * applied in; distinct) and {@code value} (the line's bytes, UTF-8 JSON of one record).
 * {@link #readJsonLines(SparkSession, String, long)} reads a JSON Lines file (or directory) into that form, numbering
 * lines in file order.
 *
 * <p><b>How.</b> Each partition validates every line with {@code RecordValidator} and decides it with the engine, in
 * parallel, on the executors (one engine per executor JVM: {@link EngineHolder}). Then the driver walks the decided
 * lines in line-number order ({@code toLocalIterator}, one partition in memory at a time: partition after partition
 * when they are already in order, as {@link #readJsonLines} gives them, else sorted by line number) and enters each
 * into the engine's own ledger ({@link LineSettler}), which applies honoured types, quotas and ledger bounds exactly
 * as the single-machine filter does; the lines whose outcome the ledger changed (a quota reached, a full ledger) are
 * broadcast back. So the result does not depend on partitioning. The driver keeps the ledger and one entry per
 * changed line.
 *
 * <p><b>Usage store.</b> With {@link #withUsage(QuotaCounter)} the driver counts quotas in a usage store across runs
 * (docs/USAGE.md): it walks the lines sorted by line number and reserves each chunk's quotas
 * ({@link LineSettler#USAGE_CHUNK_LINES} lines) in one transaction before settling the chunk, as the single-machine filter
 * does. A line the store cannot answer for is denied {@code usage-unavailable}.
 *
 * <p>Immutable: build one per request; {@link #filter(Dataset)} may be called many times.
 */
public final class SparkRecordFilter {

  /** The input: line number and the line's bytes. */
  public static final StructType LINES = new StructType()
      .add("line", DataTypes.LongType, false)
      .add("value", DataTypes.BinaryType, true);

  /**
   * Every line, decided: {@code outcome} ({@code allowed}, {@code denied}, {@code invalid}) and {@code reason} (a
   * {@code DenialReason} word, null when allowed) as the filter settles them; the record's {@code id},
   * {@code contributor} and {@code collectives} (null for an invalid line); the engine's {@code decision} kind,
   * whether it is {@code allowed} for the request, its {@code basis} and {@code obligations}; {@code decisionJson}
   * ({@code DecisionJson} form, null for an invalid line); {@code diagnostics} (the validator's, as a JSON array in
   * {@code DiagnosticJson} form); {@code text} (the line as read). Under a register (docs/REGISTER.md):
   * {@code collectives} is the membership by roster, {@code registerEffect} is {@code withdrawn} or
   * {@code unreleased} when a register rule decided instead of the record's terms (null otherwise and without a
   * register), {@code embeddedIgnored} the record's statements ignored because their collective has a key, and
   * {@code inRelease} whether its digest is in a release in force (0 and false without a register).
   */
  public static final StructType DECIDED = new StructType()
      .add("line", DataTypes.LongType, false)
      .add("outcome", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, true)
      .add("id", DataTypes.StringType, true)
      .add("contributor", DataTypes.StringType, true)
      .add("collectives", DataTypes.createArrayType(DataTypes.StringType, false), true)
      .add("decision", DataTypes.StringType, true)
      .add("allowed", DataTypes.BooleanType, false)
      .add("basis", DataTypes.StringType, true)
      .add("obligations", DataTypes.createArrayType(Rows.OBLIGATION, false), false)
      .add("decisionJson", DataTypes.StringType, true)
      .add("diagnostics", DataTypes.StringType, false)
      .add("text", DataTypes.StringType, false)
      .add("registerEffect", DataTypes.StringType, true)
      .add("embeddedIgnored", DataTypes.IntegerType, false)
      .add("inRelease", DataTypes.BooleanType, false);

  private final Request request;
  private final FilterLimits limits;
  private final Register register; // null: records decided as they are
  private final boolean requireRelease;
  private final QuotaCounter usage; // null: quotas counted per run by the driver's ledger

  private SparkRecordFilter(Request request, FilterLimits limits, Register register, boolean requireRelease,
      QuotaCounter usage) {
    this.request = request;
    this.limits = limits;
    this.register = register;
    this.requireRelease = requireRelease;
    this.usage = usage;
  }

  /**
   * {@return this filter, counting quotas in the usage store of {@code counter} (used on the driver only)}
   *
   * @param counter the counter of the consumer whose use is counted
   * @throws NullPointerException if {@code counter} is null
   */
  public SparkRecordFilter withUsage(QuotaCounter counter) {
    return new SparkRecordFilter(request, limits, register, requireRelease, Objects.requireNonNull(counter, "counter"));
  }

  /**
   * A filter deciding every line under {@code request}, whose time must be set (every partition decides at that
   * instant), with the ledger bounds {@code limits}.
   *
   * @throws NullPointerException if an argument or the request's time is null
   */
  public static SparkRecordFilter create(Request request, FilterLimits limits) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(request.at(), "request.at: give the request a time");
    return new SparkRecordFilter(request, Objects.requireNonNull(limits, "limits"), null, false, null);
  }

  /**
   * A filter deciding every line under {@code request} and a verified {@code register} (docs/LANGUAGE.md section
   * 10.4), as {@code RecordFilter.Builder.register} does. The register is shipped to the executors once, as a Spark
   * broadcast variable: each executor JVM deserializes it once and takes one snapshot at the request's time.
   *
   * @param request the request; its time must be set
   * @param limits the ledger's bounds
   * @param register the register, loaded and verified on the driver
   * @param requireRelease true to deny records in no release in force ({@code unreleased})
   * @return the filter
   * @throws NullPointerException if an argument or the request's time is null
   */
  public static SparkRecordFilter create(Request request, FilterLimits limits, Register register,
      boolean requireRelease) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(request.at(), "request.at: give the request a time");
    return new SparkRecordFilter(request, Objects.requireNonNull(limits, "limits"),
        Objects.requireNonNull(register, "register"), requireRelease, null);
  }

  /** {@link #create(Request, FilterLimits)} with {@link FilterLimits#DEFAULTS}. */
  public static SparkRecordFilter create(Request request) {
    return create(request, FilterLimits.DEFAULTS);
  }

  /** The request. */
  public Request request() {
    return request;
  }

  /**
   * Reads JSON Lines into {@link #LINES} rows. A line ends at {@code \n} only (a {@code \r} before it stays in the
   * line, where JSON reads it as whitespace), as in {@code docs/RECORDS.md}; lines are numbered from 1 in file order
   * (files in the order Hadoop lists them). Splits are at most {@code maxSplitBytes} bytes (0: Hadoop's default,
   * the file system's block size), which sets the parallelism of the deciding stage.
   */
  public static Dataset<Row> readJsonLines(SparkSession spark, String path, long maxSplitBytes) {
    Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
    conf.set("textinputformat.record.delimiter", "\n");
    if (maxSplitBytes > 0) {
      conf.setLong("mapreduce.input.fileinputformat.split.maxsize", maxSplitBytes);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rows = jsc.newAPIHadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class, conf)
        .map(pair -> pair._2().copyBytes()) // Hadoop reuses the Text object: copy
        .zipWithIndex() // partitions are the file's splits in order, so the index is the line's position
        .map(pair -> RowFactory.create(pair._2() + 1, pair._1()));
    return spark.createDataFrame(rows, LINES);
  }

  /**
   * Filters {@code lines} ({@link #LINES}): decides every line on the executors, settles quotas and the ledger on the
   * driver in line order, and returns the result. Runs Spark jobs (the decisions are persisted for the result's
   * datasets; {@link SparkFilterResult#close()} releases them).
   *
   * @throws IllegalArgumentException if two lines have the same number, or a number is below 1
   */
  public SparkFilterResult filter(Dataset<Row> lines) {
    SparkSession spark = lines.sparkSession();
    Broadcast<Register> shipped = register == null ? null
        : JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(register);
    Dataset<Row> decided = lines.select(functions.col("line").cast(DataTypes.LongType),
            functions.col("value").cast(DataTypes.BinaryType))
        .mapPartitions(new DecideLines(new SparkRequest(request), shipped, requireRelease), Encoders.row(DECIDED))
        .persist(StorageLevel.MEMORY_AND_DISK());
    // Decide every line in parallel now; the walks below read the persisted decisions.
    decided.count();
    Dataset<Row> settlement = decided.select("line", "outcome", "reason", "id", "contributor", "collectives",
        "decision", "allowed", "basis", "obligations", "registerEffect", "embeddedIgnored", "inRelease");
    // Lines read with readJsonLines are already in line order, partition after partition: walk them as they are.
    // Any other dataset is walked sorted by line number (a shuffle) once the first walk meets a line out of order.
    Settlement result;
    try {
      // With a store, a walk is never restarted: what it reserved stays reserved, so it goes in line order at once.
      result = usage == null ? settle(settlement.toLocalIterator(), false) : null;
      if (result == null) {
        result = settle(settlement.orderBy("line").toLocalIterator(), true);
      }
    } catch (IllegalArgumentException e) {
      decided.unpersist();
      throw e;
    }
    HashMap<Long, String[]> changed = result.changed();
    LineSettler settler = result.settler();
    Broadcast<Map<Long, String[]>> changes =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(Map.copyOf(changed));
    Dataset<Row> settledLines = decided.map(new ApplyChanges(changes), Encoders.row(DECIDED));
    return new SparkFilterResult(settledLines, decided, settler.ledger(), changes);
  }

  private record Settlement(LineSettler settler, HashMap<Long, String[]> changed) {}

  /**
   * Settles the lines of {@code rows} in the order given; null when a line number is not above the previous one
   * (unless {@code sorted}: then the rows are in line-number order, and that means a repeated number, refused).
   */
  private Settlement settle(Iterator<Row> rows, boolean sorted) {
    LineSettler settler = new LineSettler(request, limits, register != null, usage);
    HashMap<Long, String[]> changed = new HashMap<>();
    List<LineSettler.Decided> chunk = new ArrayList<>();
    List<String[]> provisional = new ArrayList<>();
    long previous = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      long number = row.getLong(0);
      if (number < 1) {
        throw new IllegalArgumentException("line numbers start at 1, found " + number);
      }
      if (number <= previous) {
        if (!sorted) {
          return null;
        }
        throw new IllegalArgumentException("line number " + number + " appears twice");
      }
      previous = number;
      String outcome = row.getString(1);
      chunk.add(outcome.equals("invalid")
          ? new LineSettler.Decided(number, INVALID, null)
          : register != null
              ? new LineSettler.Decided(number, RecordResult.valid(ledgerView(row), List.of()), null, ruling(row))
              : new LineSettler.Decided(number, RecordResult.valid(ledgerView(row), List.of()), decision(row)));
      provisional.add(new String[] {outcome, row.getString(2)});
      if (chunk.size() >= LineSettler.USAGE_CHUNK_LINES) {
        settleChunk(settler, chunk, provisional, changed);
      }
    }
    settleChunk(settler, chunk, provisional, changed);
    return new Settlement(settler, changed);
  }

  /** Settles a chunk (one reservation with a store) and notes the lines whose outcome the ledger changed. */
  private static void settleChunk(LineSettler settler, List<LineSettler.Decided> chunk, List<String[]> provisional,
      HashMap<Long, String[]> changed) {
    if (chunk.isEmpty()) {
      return;
    }
    List<FilteredLine> settled = settler.settleChunk(chunk);
    for (int i = 0; i < settled.size(); i++) {
      FilteredLine line = settled.get(i);
      String settledOutcome = line.outcome().word();
      String settledReason = line.reason().map(r -> r.word()).orElse(null);
      if (!settledOutcome.equals(provisional.get(i)[0]) || !Objects.equals(settledReason, provisional.get(i)[1])) {
        changed.put(line.lineNumber(), new String[] {settledOutcome, settledReason});
      }
    }
    chunk.clear();
    provisional.clear();
  }

  /** Stands for an invalid line in the driver's ledger, which only counts it (its diagnostics stay in the rows). */
  private static final RecordResult INVALID = RecordResult.invalid(List.of(Diagnostic.of(
      DiagnosticCode.INVALID_JSON, "invalid line; its diagnostics are in the decided rows")));

  /**
   * The record as the ledger reads it (id, contributor, collectives); the ledger reads no other field, so the rest
   * are placeholders and this view never leaves the driver.
   */
  private static ContributionRecord ledgerView(Row row) {
    return new ContributionRecord(1, row.getString(3), row.getString(4), row.getList(5),
        new ContributionRecord.Provenance("-", "-", Instant.EPOCH), "-", null, "-", List.of(),
        ContributionRecord.Tags.NONE, null, "{}");
  }

  /** The decision as the ledger reads it: kind, basis, obligations and whether they are honoured. */
  private static Decision decision(Row row) {
    String kind = row.getString(6);
    Decision.Basis basis = Rows.basis(row.getString(8));
    if (kind.equals("deny")) {
      return new Decision.Deny(basis, List.of(), List.of(), List.of());
    }
    List<Duty> duties = Rows.duties(row.getList(9));
    if (kind.equals("allow")) {
      return new Decision.Allow(basis, List.of());
    }
    return new Decision.Obligation(duties, basis, List.of(), row.getBoolean(7));
  }

  /**
   * The register's ruling as the ledger reads it: the decision, which register rule decided, the membership, the
   * count of embedded statements ignored and whether the record is in a release. The item terms hold only the
   * membership and the withdrawal's seq is not carried (the ledger reads neither otherwise), so this view never leaves
   * the driver.
   */
  private static RegisterRuling ruling(Row row) {
    String effect = row.getString(10);
    RegisterRuling.Effect e = effect == null ? RegisterRuling.Effect.NONE
        : RegisterRuling.Effect.valueOf(effect.toUpperCase(java.util.Locale.ROOT));
    List<String> collectives = row.getList(5);
    RegisterMatch match = new RegisterMatch(ItemTerms.builder().collectives(Set.copyOf(collectives)).build(),
        row.getInt(11), e == RegisterRuling.Effect.WITHDRAWN ? 0 : -1, row.getBoolean(12));
    return new RegisterRuling(decision(row), e, match);
  }

  /** Replaces the provisional outcome of the lines the ledger settled otherwise. */
  private static final class ApplyChanges implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Map<Long, String[]>> changes;

    ApplyChanges(Broadcast<Map<Long, String[]>> changes) {
      this.changes = changes;
    }

    @Override
    public Row call(Row row) {
      String[] change = changes.value().get(row.getLong(0));
      if (change == null) {
        return row;
      }
      Object[] values = new Object[row.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.get(i);
      }
      values[1] = change[0];
      values[2] = change[1];
      return RowFactory.create(values);
    }
  }
}
