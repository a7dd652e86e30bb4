package dev.flywheel.policy.spark;

import dev.flywheel.policy.filter.Ledger;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What {@link SparkRecordFilter#filter(Dataset)} gives: every line with its settled outcome, the allowed and the
 * denied lines, and the ledger. The datasets are lazy views over decisions persisted by the filter; close the result
 * to release them.
 */
public final class SparkFilterResult implements AutoCloseable {
  private final Dataset<Row> lines;
  private final Dataset<Row> persisted;
  private final Ledger ledger;
  private final Broadcast<Map<Long, String[]>> changes;

  SparkFilterResult(Dataset<Row> lines, Dataset<Row> persisted, Ledger ledger,
      Broadcast<Map<Long, String[]>> changes) {
    this.lines = lines;
    this.persisted = persisted;
    this.ledger = ledger;
    this.changes = changes;
  }

  /** Every line ({@link SparkRecordFilter#DECIDED}), with its settled outcome and reason. */
  public Dataset<Row> lines() {
    return lines;
  }

  /**
   * The allowed lines: {@code line}, {@code id}, {@code obligations} (the duties the use takes on),
   * {@code decisionJson} and {@code text} (the record as read).
   */
  public Dataset<Row> allowed() {
    return lines.filter(functions.col("outcome").equalTo("allowed"))
        .select("line", "id", "obligations", "decisionJson", "text");
  }

  /**
   * The lines not allowed, denied and invalid: {@code line}, {@code id}, {@code outcome}, {@code reason} (one
   * {@code DenialReason} word), {@code decisionJson}, {@code diagnostics} and {@code text}.
   */
  public Dataset<Row> denied() {
    return lines.filter(functions.col("outcome").notEqual("allowed"))
        .select("line", "id", "outcome", "reason", "decisionJson", "diagnostics", "text");
  }

  /** The ledger: counts, attribution, payments and quotas, as the single-machine filter computes them. */
  public Ledger ledger() {
    return ledger;
  }

  /** Releases the persisted decisions and the broadcast changes; the datasets must not be used afterwards. */
  @Override
  public void close() {
    persisted.unpersist();
    changes.destroy();
  }
}
