package dev.flywheel.policy.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.records.LineResult;
import dev.flywheel.policy.records.RecordSummary;
import java.util.Objects;

/**
 * The JSON Lines form of validating contribution records, as {@code validate --records --format json} prints it and
 * {@code POST /v1/records/validate} streams it: one object per line that has diagnostics, then the summary.
 *
 * <pre>
 * {"line": 3, "valid": false, "diagnostics": [...]}
 * {"line": 7, "valid": true, "id": "c-7", "diagnostics": [...warnings...]}
 * {"summary": {"lines": 10, "valid": 9, "invalid": 1}}
 * </pre>
 *
 * <p>{@code id} is present only for a valid record. Diagnostics have the form of {@link DiagnosticJson}; a diagnostic
 * about the record's terms has its span in that terms text, which the UTF-16 form counts in.
 */
public final class RecordLineJson {
  private RecordLineJson() {}

  /**
   * {@return the object for one line, with code-point spans only (the command line's form)}
   *
   * @param line the line's result
   * @throws NullPointerException if {@code line} is null
   */
  public static ObjectNode toJson(LineResult line) {
    return toJson(line, false);
  }

  /**
   * {@return the object for one line; with {@code utf16}, every span also in UTF-16 code units of the terms text it
   * counts in (null when the span is not in a terms text)}
   *
   * @param line the line's result
   * @param utf16 whether to add the UTF-16 fields
   * @throws NullPointerException if {@code line} is null
   */
  public static ObjectNode toJson(LineResult line, boolean utf16) {
    Objects.requireNonNull(line, "line");
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("line", line.lineNumber());
    node.put("valid", line.isValid());
    line.record().ifPresent(r -> node.put("id", r.id()));
    ArrayNode diagnostics = node.putArray("diagnostics");
    for (Diagnostic d : line.diagnostics()) {
      diagnostics.add(utf16
          ? DiagnosticJson.toJson(d, line.result().termsSource(d).orElse(null))
          : DiagnosticJson.toJson(d));
    }
    return node;
  }

  /**
   * {@return the closing object, {@code {"summary": {"lines": N, "valid": N, "invalid": N}}}}
   *
   * @param summary the counts
   * @throws NullPointerException if {@code summary} is null
   */
  public static ObjectNode summary(RecordSummary summary) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    ObjectNode counts = node.putObject("summary");
    counts.put("lines", summary.lines());
    counts.put("valid", summary.valid());
    counts.put("invalid", summary.invalid());
    return node;
  }
}
