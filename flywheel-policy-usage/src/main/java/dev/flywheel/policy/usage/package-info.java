/**
 * The usage store: quota counts of distinct items per consumer, owner and period instance, kept in memory, in an
 * embedded SQLite database or in a PostgreSQL server shared by many processes. See {@code docs/USAGE.md}.
 */
package dev.flywheel.policy.usage;
