/**
 * Quota counts that hold across runs, processes and machines: the {@link dev.flywheel.policy.usage.UsageStore}
 * (in memory, an embedded SQLite file, or a PostgreSQL server) and the
 * {@link dev.flywheel.policy.usage.QuotaCounter} a loader or the filter calls with a batch of items.
 */
module dev.flywheel.policy.usage {
  requires transitive dev.flywheel.policy.api;
  requires transitive java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.postgresql.jdbc;

  exports dev.flywheel.policy.usage;
}
