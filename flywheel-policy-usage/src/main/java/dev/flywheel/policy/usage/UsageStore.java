package dev.flywheel.policy.usage;

import java.util.List;
import java.util.Optional;

/**
 * Where quota counts are kept so that they hold across runs, processes and machines (docs/USAGE.md).
 *
 * <ul>
 *   <li>{@link #inMemory()}: counts for the life of the object, for tests and one-process loaders;</li>
 *   <li>a file path: an embedded SQLite database, created on first use;</li>
 *   <li>a {@code jdbc:postgresql://host:port/database?user=...&password=...} URL: a PostgreSQL server shared by many
 *       processes and machines.</li>
 * </ul>
 *
 * <p>{@link #open(String)} creates the schema in an empty database and checks the schema version of an existing one:
 * a store written by a newer version is refused ({@link StoreError.Code#NEWER_SCHEMA}) and left untouched; a
 * SQLite file that holds anything else is refused ({@link StoreError.Code#NOT_A_STORE}).
 *
 * <p>Thread-safe. Close the store to release its connection; its counters then refuse further batches.
 *
 * <pre>{@code
 * StoreResult<UsageStore> opened = UsageStore.open("usage.db");
 * if (opened instanceof StoreResult.Failed<UsageStore> failed) {
 *   System.err.println(failed.error().message());            // nothing was written
 * } else {
 *   try (UsageStore store = ((StoreResult.Ok<UsageStore>) opened).value()) {
 *     QuotaCounter counter = store.counter("acme");
 *     ...
 *   }
 * }
 * }</pre>
 */
public interface UsageStore extends AutoCloseable {

  /** The schema version this build writes, and the newest it reads. */
  int SCHEMA_VERSION = 1;

  /** Longest consumer name, in characters. */
  int MAX_CONSUMER_LENGTH = 200;

  /**
   * Opens (and, if it is new, creates) the store at {@code location}.
   *
   * @param location a file path (SQLite) or a {@code jdbc:postgresql://} URL
   * @return the open store, or why it could not be opened (nothing written then)
   * @throws NullPointerException if {@code location} is null
   */
  static StoreResult<UsageStore> open(String location) {
    return JdbcStore.open(location);
  }

  /** {@return a new, empty store held in memory} */
  static UsageStore inMemory() {
    return new MemoryStore();
  }

  /**
   * {@return why {@code consumer} cannot name a consumer, or empty when it can: 1 to {@link #MAX_CONSUMER_LENGTH}
   * characters, none of them a control character}
   *
   * @param consumer the name to check
   */
  static Optional<String> checkConsumer(String consumer) {
    if (consumer == null || consumer.isEmpty()) {
      return Optional.of("a consumer name is required");
    }
    if (consumer.length() > MAX_CONSUMER_LENGTH) {
      return Optional.of("a consumer name has at most " + MAX_CONSUMER_LENGTH + " characters, this one "
          + consumer.length());
    }
    for (int i = 0; i < consumer.length(); i++) {
      if (Character.isISOControl(consumer.charAt(i))) {
        return Optional.of("a consumer name holds no control character");
      }
    }
    return Optional.empty();
  }

  /** {@return the store for people: {@code memory}, {@code sqlite:/abs/path} or the server URL without credentials} */
  String describe();

  /** {@return the kind of store: {@code memory}, {@code sqlite} or {@code postgresql}} */
  String kind();

  /**
   * {@return the counter of {@code consumer}'s use in this store}
   *
   * @param consumer the consumer's name, as {@link #checkConsumer(String)} accepts it
   * @throws IllegalArgumentException if {@link #checkConsumer(String)} refuses the name
   */
  QuotaCounter counter(String consumer);

  /**
   * Reads the counters, sorted by consumer, owner kind (collectives first), owner, period and period start.
   *
   * @param consumer only this consumer's counters; null for every consumer's
   * @return the counters, or why they could not be read
   */
  StoreResult<List<UsageRow>> usage(String consumer);

  /** Releases the store's connection; idempotent. */
  @Override
  void close();
}
