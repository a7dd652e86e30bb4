package dev.flywheel.policy.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the API refuses, or an internal failure: the HTTP status and one diagnostic with a stable code. Its JSON
 * form is {@code {"status": 400, "diagnostics": [{"code": ..., "severity": "error", "message": ..., "help": ...,
 * "line": ..., "column": ..., "offset": null, "length": null, "utf16Offset": null, "utf16Length": null,
 * "pointer": ...}]}}, the diagnostic form of the rest of the API, so that a client reads one shape of problem.
 *
 * @param status the HTTP status
 * @param code the stable code (docs/SERVER.md lists them)
 * @param message what was wrong, for a person
 * @param pointer the JSON Pointer of the offending field, or null
 * @param line the 1-based line in the body of a JSON syntax error, or 0
 * @param column the 1-based column in the body of a JSON syntax error, or 0
 */
record ApiError(int status, String code, String message, String pointer, int line, int column) {

  static ApiError of(int status, String code, String message) {
    return new ApiError(status, code, message, null, 0, 0);
  }

  static ApiError at(String pointer, String code, String message) {
    return new ApiError(400, code, message, pointer, 0, 0);
  }

  /** {@return this error as an exception, to leave request parsing early} */
  Failure fail() {
    return new Failure(this);
  }

  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("status", status);
    ObjectNode d = node.putArray("diagnostics").addObject();
    d.put("code", code);
    d.put("severity", "error");
    d.put("message", message);
    d.putNull("help");
    if (line > 0) {
      d.put("line", line);
      d.put("column", column);
    } else {
      d.putNull("line");
      d.putNull("column");
    }
    d.putNull("offset");
    d.putNull("length");
    d.putNull("utf16Offset");
    d.putNull("utf16Length");
    d.put("pointer", pointer);
    return node;
  }

  /** Carries an {@link ApiError} out of request parsing; no stack trace, it is control flow. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ApiError error;

    Failure(ApiError error) {
      super(error.code(), null, false, false);
      this.error = error;
    }

    ApiError error() {
      return error;
    }
  }
}
