package dev.flywheel.policy.usage;

import java.util.Objects;

/**
 * The result of opening or reading a usage store: the value, or the {@link StoreError} that prevented it. Bad
 * locations and bad databases are results, never exceptions.
 *
 * @param <T> the value's type
 */
public sealed interface StoreResult<T> {

  /**
   * Success.
   *
   * @param value the value
   * @param <T> the value's type
   */
  record Ok<T>(T value) implements StoreResult<T> {
    /**
     * Creates the record.
     *
     * @param value the value
     * @throws NullPointerException if {@code value} is null
     */
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Failure: nothing was written.
   *
   * @param error why
   * @param <T> the value's type
   */
  record Failed<T>(StoreError error) implements StoreResult<T> {
    /**
     * Creates the record.
     *
     * @param error why
     * @throws NullPointerException if {@code error} is null
     */
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}
