package dev.flywheel.policy.spark;

import org.apache.spark.sql.SparkSession;

/** One Spark session in local mode on two threads, shared by every test class of the module (startup is slow). */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession session() {
    return SparkSession.builder()
        .appName("flywheel-policy-spark-tests")
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
  }
}
