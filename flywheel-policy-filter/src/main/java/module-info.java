/**
 * Filtering contribution records for a declared purpose: {@link dev.flywheel.policy.filter.RecordFilter}, the
 * obligations {@link dev.flywheel.policy.filter.Ledger} and the filter's output formats.
 */
module dev.flywheel.policy.filter {
  requires transitive dev.flywheel.policy.api;
  requires transitive dev.flywheel.policy.records;
  requires transitive dev.flywheel.policy.register;
  requires transitive com.fasterxml.jackson.databind;
  requires dev.flywheel.policy.grammar;
  requires transitive dev.flywheel.policy.usage;

  exports dev.flywheel.policy.filter;
  exports dev.flywheel.policy.filter.receipt;
}
