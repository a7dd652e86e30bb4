package dev.flywheel.policy.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON forms of importing a web signal as terms and exporting terms as a signal, as {@code import} and
 * {@code export} print them with {@code --format json} and the HTTP API returns them:
 *
 * <pre>
 * {"from": "aipref", "terms": "deny train-genai; allow search", "report": [...]}
 * {"to": "aipref", "field": "Content-Usage", "value": "train-ai=n", "report": [...]}
 * {"to": "aipref", "value": null, "report": [...the terms' errors...]}
 * </pre>
 *
 * <p>{@code terms} is null when the signal states no usable preference; an export of invalid terms has no
 * {@code field} and a null {@code value}. Reports are diagnostics in the form of {@link DiagnosticJson}; with a source
 * given, their spans also count UTF-16 code units of it. The formats are passed as their words, so that this package
 * needs nothing of the interop module.
 */
public final class SignalJson {
  private SignalJson() {}

  /**
   * {@return the object for an import}
   *
   * @param from the format's word ({@code aipref}, {@code robots}, ...)
   * @param terms the canonical imported terms, or empty
   * @param report the loss report
   * @param source the signal text the report's spans count in, or null for code-point spans only
   */
  public static ObjectNode importJson(String from, Optional<String> terms, List<Diagnostic> report, String source) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("from", Objects.requireNonNull(from, "from"));
    node.put("terms", terms.orElse(null));
    node.set("report", report(report, source));
    return node;
  }

  /**
   * {@return the object for an export of valid terms}
   *
   * @param to the format's word ({@code aipref} or {@code content-signal})
   * @param field the header or robots.txt field name the value goes in
   * @param value the exported value
   * @param report the loss report
   * @param source the terms text the report's spans count in, or null for code-point spans only
   */
  public static ObjectNode exportJson(String to, String field, String value, List<Diagnostic> report, String source) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("to", Objects.requireNonNull(to, "to"));
    node.put("field", field);
    node.put("value", value);
    node.set("report", report(report, source));
    return node;
  }

  /**
   * {@return the object for an export refused because the terms are invalid: no field, a null value, the errors}
   *
   * @param to the format's word
   * @param errors the terms' diagnostics
   * @param source the terms text, or null for code-point spans only
   */
  public static ObjectNode invalidExportJson(String to, List<Diagnostic> errors, String source) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("to", Objects.requireNonNull(to, "to"));
    node.putNull("value");
    node.set("report", report(errors, source));
    return node;
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode report(List<Diagnostic> report, String source) {
    return source == null ? DiagnosticJson.toJson(report) : DiagnosticJson.toJson(report, source);
  }
}
