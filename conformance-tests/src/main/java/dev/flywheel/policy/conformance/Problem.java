package dev.flywheel.policy.conformance;

import java.util.Objects;

/**
 * Something wrong with a case file itself (not with the implementation under test): bad JSON, a schema violation, a
 * value the schema cannot check (an impossible instant).
 *
 * @param pointer the RFC 6901 JSON Pointer of the offending value ({@code ""} for the whole document)
 * @param message what is wrong
 */
public record Problem(String pointer, String message) {

  public Problem {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
  }
}
