package dev.flywheel.policy.spark;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.json.DecisionJson;
import dev.flywheel.policy.json.DiagnosticJson;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.records.JsonLinesReader;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.records.RecordValidator;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Executor side of {@link SparkRecordFilter}: validates and decides each line of a partition with the JVM's
 * validator and engine ({@link EngineHolder}), exactly as a {@code FilterRun} does for one line, and gives the row of
 * {@link SparkRecordFilter#DECIDED}. The outcome it gives is provisional: quotas and ledger bounds are settled
 * later, in line order, by the engine's ledger.
 */
final class DecideLines implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final SparkRequest request;

  DecideLines(SparkRequest request) {
    this.request = request;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> lines) {
    Request r = request.request();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public Row next() {
        Row line = lines.next();
        return decide(line.getLong(0), line.isNullAt(1) ? new byte[0] : (byte[]) line.get(1), r);
      }
    };
  }

  static Row decide(long lineNumber, byte[] bytes, Request request) {
    RecordValidator validator = EngineHolder.validator();
    int maxBytes = validator.limits().maxRecordBytes();
    // Blank and over-long lines are settled before validation by the same rule the reader and the filter apply.
    RecordResult problem = JsonLinesReader.lineProblem(bytes, bytes.length, bytes.length, maxBytes);
    RecordResult result = problem != null ? problem : validator.validate(bytes);
    String text = bytes.length > maxBytes ? "" : new String(bytes, StandardCharsets.UTF_8);
    String diagnostics = DiagnosticJson.toJson(result.diagnostics()).toString();
    if (!result.isValid()) {
      return RowFactory.create(lineNumber, "invalid", DenialReason.INVALID_RECORD.word(), null, null, null, null,
          false, null, new Row[0], null, diagnostics, text);
    }
    ContributionRecord record = result.record().orElseThrow();
    Decision decision = RecordFilter.decideItem(EngineHolder.engine(), record.toItemTerms(), request);
    DenialReason refused = DenialReason.of(decision);
    String outcome = refused == null ? "allowed" : "denied";
    String reason = refused == null ? null : refused.word();
    return RowFactory.create(lineNumber, outcome, reason, record.id(), record.contributor(),
        record.collectives().toArray(new String[0]), decision.kind().word(), decision.isAllowed(),
        decision.basis().word(), Rows.obligations(decision.obligations()), DecisionJson.toJsonString(decision),
        diagnostics, text);
  }
}
