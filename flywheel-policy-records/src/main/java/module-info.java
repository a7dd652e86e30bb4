/**
 * Contribution records: the record schema and {@link dev.flywheel.policy.records.RecordValidator}, JSON Lines reading
 * ({@link dev.flywheel.policy.records.JsonLinesReader}), and the JSON form of decisions and diagnostics
 * ({@link dev.flywheel.policy.json.DecisionJson}, {@link dev.flywheel.policy.json.DiagnosticJson}).
 *
 * <p>All JSON and schema handling of the project starts here, so that the engine below stays free of them.
 */
module dev.flywheel.policy.records {
  requires transitive dev.flywheel.policy.api;
  requires dev.flywheel.policy.grammar;
  requires com.github.benmanes.caffeine;
  requires transitive com.fasterxml.jackson.databind;
  requires com.networknt.schema;

  exports dev.flywheel.policy.records;
  exports dev.flywheel.policy.json;
}
