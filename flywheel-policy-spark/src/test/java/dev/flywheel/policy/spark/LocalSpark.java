package dev.flywheel.policy.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One Spark session, shared by every test class of the module (startup is slow): local mode on two threads, or the
 * master named by the system property {@value #MASTER_PROPERTY} (the build's {@code differential-local-cluster}
 * execution runs the differential test in {@code local-cluster[2,1,1024]}: two executor JVMs, so every value crosses
 * JVMs serialised).
 */
final class LocalSpark {
  /** The system property naming another master for the tests. */
  static final String MASTER_PROPERTY = "flywheel.spark.master";

  private LocalSpark() {}

  static SparkSession session() {
    return SparkSession.builder()
        .appName("flywheel-policy-spark-tests")
        .master(System.getProperty(MASTER_PROPERTY, "local[2]"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
  }
}
