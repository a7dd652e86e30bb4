package dev.flywheel.policy.usage;

import java.util.Objects;

/**
 * Why a usage store could not be opened, read or written: a stable code and a one-line message naming the store.
 *
 * @param code the stable code
 * @param message one line, for people
 */
public record StoreError(Code code, String message) {

  /** The kinds of failure; the {@link #word() words} are stable. */
  public enum Code {
    /** The location is neither a file path nor a {@code jdbc:postgresql://} URL, or its folder does not exist. */
    BAD_LOCATION("bad-location"),
    /** The server could not be reached or refused the connection (address, credentials, database). */
    UNREACHABLE("unreachable"),
    /** The file exists but is not a SQLite database, or the database holds other tables than a usage store's. */
    NOT_A_STORE("not-a-store"),
    /** The store cannot be written (a read-only file or folder, a read-only role or server). */
    READ_ONLY("read-only"),
    /** The store was written by a newer version with a schema this version does not know; it is left untouched. */
    NEWER_SCHEMA("newer-schema"),
    /** Reading or writing failed while the store was in use. */
    FAILED("failed");

    private final String word;

    Code(String word) {
      this.word = word;
    }

    /** {@return the stable lower-case word, e.g. {@code newer-schema}} */
    public String word() {
      return word;
    }
  }

  /**
   * Creates the record.
   *
   * @param code the code
   * @param message the message
   * @throws NullPointerException if a component is null
   */
  public StoreError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
