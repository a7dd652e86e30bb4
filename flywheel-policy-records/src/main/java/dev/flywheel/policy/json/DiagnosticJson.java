package dev.flywheel.policy.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Span;
import java.util.List;
import java.util.Objects;

/**
 * The one JSON form of a {@link Diagnostic}, shared by the engine, the command line and every other module:
 *
 * <pre>
 * {"code": "unknown-word", "severity": "error", "message": "unknown word 'trian'", "help": "did you mean 'train'?",
 *  "line": 1, "column": 1, "offset": 0, "length": 5, "pointer": null}
 * </pre>
 *
 * <p>Every field is always present; {@code help} and {@code pointer} are {@code null} when absent, and the four
 * position fields are {@code null} when the diagnostic has no span. Positions count code points (line and column
 * 1-based, offset 0-based).
 */
public final class DiagnosticJson {
  private DiagnosticJson() {}

  /**
   * {@return the JSON object for {@code diagnostic}}
   *
   * @param diagnostic the diagnostic
   * @throws NullPointerException if {@code diagnostic} is null
   */
  public static ObjectNode toJson(Diagnostic diagnostic) {
    Objects.requireNonNull(diagnostic, "diagnostic");
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("code", diagnostic.code().id());
    node.put("severity", diagnostic.severity().word());
    node.put("message", diagnostic.message());
    node.put("help", diagnostic.help());
    putSpan(node, diagnostic.span());
    node.put("pointer", diagnostic.pointer());
    return node;
  }

  /**
   * {@return a JSON array of {@code diagnostics}, in the given order}
   *
   * @param diagnostics the diagnostics
   * @throws NullPointerException if {@code diagnostics} or an element is null
   */
  public static ArrayNode toJson(List<Diagnostic> diagnostics) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Diagnostic d : diagnostics) {
      array.add(toJson(d));
    }
    return array;
  }

  /** Puts {@code line}, {@code column}, {@code offset} and {@code length} of {@code span} (all null without one). */
  static void putSpan(ObjectNode node, Span span) {
    if (span == null) {
      node.putNull("line");
      node.putNull("column");
      node.putNull("offset");
      node.putNull("length");
    } else {
      node.put("line", span.line());
      node.put("column", span.column());
      node.put("offset", span.offset());
      node.put("length", span.length());
    }
  }
}
