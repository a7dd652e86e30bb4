/** The flywheel-policy engine and record filter in Apache Spark. */
package dev.flywheel.policy.spark;
