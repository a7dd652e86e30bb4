package dev.flywheel.policy.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import java.util.Objects;

/**
 * The JSON form of checking one terms text, as {@code validate --format json} prints it and the HTTP API returns it:
 *
 * <pre>
 * {"valid": false, "canonical": null, "diagnostics": [{"code": "unknown-word", ...}]}
 * </pre>
 *
 * <p>Every field is always present, in this order; {@code canonical} is the canonical form of valid terms, else null.
 * Diagnostics have the form of {@link DiagnosticJson}.
 */
public final class ValidationJson {
  private ValidationJson() {}

  /**
   * {@return the JSON object for {@code result}, with code-point spans only (the command line's form)}
   *
   * @param result the parse result
   * @throws NullPointerException if {@code result} is null
   */
  public static ObjectNode toJson(ParseResult result) {
    return toJson(result, false, null);
  }

  /**
   * {@return the JSON object for {@code result}, every span also in UTF-16 code units of {@code source}}
   *
   * @param result the parse result
   * @param source the terms text that was parsed
   * @throws NullPointerException if {@code result} or {@code source} is null
   */
  public static ObjectNode toJson(ParseResult result, String source) {
    return toJson(result, true, Objects.requireNonNull(source, "source"));
  }

  private static ObjectNode toJson(ParseResult result, boolean utf16, String source) {
    Objects.requireNonNull(result, "result");
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("valid", result.isValid());
    if (result.isValid()) {
      node.put("canonical", TermsPrinter.print(result.policy().orElseThrow()));
    } else {
      node.putNull("canonical");
    }
    node.set("diagnostics", utf16
        ? DiagnosticJson.toJson(result.diagnostics(), source)
        : DiagnosticJson.toJson(result.diagnostics()));
    return node;
  }
}
