package dev.flywheel.policy.conformance;

import java.util.Objects;

/**
 * Something wrong with a case file itself (not with the implementation under test): bad JSON, a schema violation, a
 * value the schema cannot check (an impossible instant).
 *
 * @param pointer the RFC 6901 JSON Pointer of the offending value ({@code ""} for the whole document)
 * @param message what is wrong
 * @param line the 1-based line where the offending value starts in the file, or {@code null} when unknown
 * @param column the 1-based column (in chars) where it starts, or {@code null} when unknown
 */
public record Problem(String pointer, String message, Integer line, Integer column) {

  public Problem {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  /** A problem whose place in the file is not known (yet): see {@link #at}. */
  public Problem(String pointer, String message) {
    this(pointer, message, null, null);
  }

  /** This problem at {@code line} and {@code column}. */
  Problem at(int line, int column) {
    return new Problem(pointer, message, line, column);
  }

  /** {@code /groups/0/terms (line 7, column 16): message}; the pointer is {@code (document)} for the whole file. */
  @Override
  public String toString() {
    String where = line == null ? "" : " (line " + line + ", column " + column + ")";
    return (pointer.isEmpty() ? "(document)" : pointer) + where + ": " + message;
  }
}
