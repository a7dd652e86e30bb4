package dev.flywheel.policy.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Reason;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The JSON form of a {@link Decision}, as the command line prints it and services return it:
 *
 * <pre>
 * {"decision": "obligation", "allowed": false,
 *  "obligations": [{"type": "attribution"},
 *                  {"type": "payment", "collective": "masakhane", "amount": "0.002", "currency": "EUR"},
 *                  {"type": "quota", "limit": 5000, "period": "month", "scope": "masakhane"}],
 *  "basis": "explicit",
 *  "reasons": [{"layer": "contributor", "name": null, "clause": "allow train if attribution",
 *               "line": 1, "column": 1, "offset": 0, "length": 20, "message": "..."}],
 *  "diagnostics": [],
 *  "wouldAllowWith": []}
 * </pre>
 *
 * <p>Every field is always present, in this order. {@code decision} is {@code allow}, {@code deny} or
 * {@code obligation}; {@code allowed} is {@link Decision#isAllowed()}; {@code basis} is {@code explicit},
 * {@code default} or {@code error}. A payment without a price has {@code amount} and {@code currency} null (the amount
 * is a string in plain notation, never a float); a quota's {@code scope} is null unless it comes from a collective. A
 * reason's {@code name} is the collective's name or the licence's SPDX id (else null), {@code clause} the canonical
 * clause (null for the default, the licence and errors), and its position fields are null without a span.
 * Diagnostics have the form of {@link DiagnosticJson}. {@code wouldAllowWith} lists fact words.
 */
public final class DecisionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DecisionJson() {}

  /**
   * {@return the JSON object for {@code decision}}
   *
   * @param decision the decision
   * @throws NullPointerException if {@code decision} is null
   */
  public static ObjectNode toJson(Decision decision) {
    return toJson(decision, false, null);
  }

  /**
   * {@return the JSON object for {@code decision}, each span (of reasons and diagnostics) also in UTF-16 code units of
   * {@code source}, as {@link DiagnosticJson#toJson(Diagnostic, String)} puts them}
   *
   * @param decision the decision
   * @param source the terms text the spans count in; null when the spans are in several texts (an item's layers),
   *     and the UTF-16 fields are then null
   * @throws NullPointerException if {@code decision} is null
   */
  public static ObjectNode toJson(Decision decision, String source) {
    return toJson(decision, true, source);
  }

  private static ObjectNode toJson(Decision decision, boolean utf16, String source) {
    Objects.requireNonNull(decision, "decision");
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode node = f.objectNode();
    node.put("decision", decision.kind().word());
    node.put("allowed", decision.isAllowed());
    ArrayNode obligations = node.putArray("obligations");
    for (Duty duty : decision.obligations()) {
      obligations.add(dutyJson(duty));
    }
    node.put("basis", decision.basis().word());
    ArrayNode reasons = node.putArray("reasons");
    for (Reason reason : decision.reasons()) {
      reasons.add(reasonJson(reason, utf16, source));
    }
    ArrayNode diagnostics = node.putArray("diagnostics");
    for (Diagnostic d : decision.diagnostics()) {
      diagnostics.add(utf16 ? DiagnosticJson.toJson(d, source) : DiagnosticJson.toJson(d));
    }
    ArrayNode would = node.putArray("wouldAllowWith");
    if (decision instanceof Decision.Deny deny) {
      for (Fact fact : deny.wouldAllowWith()) {
        would.add(fact.word());
      }
    }
    return node;
  }

  /**
   * {@return {@link #toJson(Decision)} as compact text, on one line}
   *
   * @param decision the decision
   * @throws NullPointerException if {@code decision} is null
   */
  public static String toJsonString(Decision decision) {
    try {
      return MAPPER.writeValueAsString(toJson(decision));
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; this cannot happen short of a broken Jackson.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@return the JSON object for one duty, e.g. {@code {"type": "attribution"}}}
   *
   * @param duty the duty
   */
  public static ObjectNode dutyJson(Duty duty) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", duty.type().word());
    if (duty instanceof Duty.Payment payment) {
      node.put("collective", payment.collective());
      node.put("amount", payment.amount() == null ? null : payment.amount().plainValue());
      node.put("currency", payment.amount() == null ? null : payment.amount().currency());
    } else if (duty instanceof Duty.Quota quota) {
      node.put("limit", quota.limit());
      node.put("period", quota.period().word());
      node.put("scope", quota.scope());
    }
    return node;
  }

  private static ObjectNode reasonJson(Reason reason, boolean utf16, String source) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("layer", reason.layer().kind().word());
    node.put("name", reason.layer().name());
    node.put("clause", reason.clause());
    DiagnosticJson.putSpan(node, reason.span());
    if (utf16) {
      DiagnosticJson.putUtf16Span(node, reason.span(), source);
    }
    node.put("message", reason.message());
    return node;
  }
}
