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
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterRuling;
import dev.flywheel.policy.register.RegisterSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
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
  private final Broadcast<Register> register; // null: records decided as they are
  private final boolean requireRelease;

  DecideLines(SparkRequest request, Broadcast<Register> register, boolean requireRelease) {
    this.request = request;
    this.register = register;
    this.requireRelease = requireRelease;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> lines) {
    Request r = request.request();
    // The broadcast value is one object per executor JVM, which keeps its snapshot for the request's time.
    RegisterSnapshot snapshot = register == null ? null : register.value().at(r.at());
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public Row next() {
        Row line = lines.next();
        return decide(line.getLong(0), line.isNullAt(1) ? new byte[0] : (byte[]) line.get(1), r, snapshot,
            requireRelease);
      }
    };
  }

  static Row decide(long lineNumber, byte[] bytes, Request request, RegisterSnapshot snapshot,
      boolean requireRelease) {
    RecordValidator validator = EngineHolder.validator();
    int maxBytes = validator.limits().maxRecordBytes();
    // Blank and over-long lines are settled before validation by the same rule the reader and the filter apply.
    RecordResult problem = JsonLinesReader.lineProblem(bytes, bytes.length, bytes.length, maxBytes);
    RecordResult result = problem != null ? problem : validator.validate(bytes);
    String text = bytes.length > maxBytes ? "" : new String(bytes, StandardCharsets.UTF_8);
    String diagnostics = DiagnosticJson.toJson(result.diagnostics()).toString();
    if (!result.isValid()) {
      return RowFactory.create(lineNumber, "invalid", DenialReason.INVALID_RECORD.word(), null, null, null, null,
          false, null, new Row[0], null, diagnostics, text, null, 0, false);
    }
    ContributionRecord record = result.record().orElseThrow();
    Decision decision;
    DenialReason refused;
    String[] collectives;
    String effect = null;
    int ignored = 0;
    boolean inRelease = false;
    if (snapshot != null) {
      RegisterRuling ruling = RecordFilter.decideUnderRegister(snapshot, EngineHolder.engine(), record, bytes,
          request, requireRelease);
      decision = ruling.decision();
      refused = DenialReason.of(ruling);
      collectives = new TreeSet<>(ruling.match().terms().collectives()).toArray(new String[0]);
      effect = ruling.effect() == RegisterRuling.Effect.NONE ? null
          : ruling.effect().name().toLowerCase(Locale.ROOT);
      ignored = ruling.match().embeddedIgnored();
      inRelease = ruling.match().inRelease();
    } else {
      decision = RecordFilter.decideItem(EngineHolder.engine(), record.toItemTerms(), request);
      refused = DenialReason.of(decision);
      collectives = record.collectives().toArray(new String[0]);
    }
    String outcome = refused == null ? "allowed" : "denied";
    String reason = refused == null ? null : refused.word();
    return RowFactory.create(lineNumber, outcome, reason, record.id(), record.contributor(),
        collectives, decision.kind().word(), decision.isAllowed(),
        decision.basis().word(), Rows.obligations(decision.obligations()), DecisionJson.toJsonString(decision),
        diagnostics, text, effect, ignored, inRelease);
  }
}
