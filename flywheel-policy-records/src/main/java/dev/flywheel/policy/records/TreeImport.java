package dev.flywheel.policy.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Copies a tree built by the caller into a tree of the validator's own (which the caller can no longer change while
 * it is checked), applying the same {@link RecordLimits} as reading bytes does (nesting, string, key and number length, node count) so that a tree
 * handed in directly gets no looser treatment; a key or string holding a lone surrogate is refused
 * ({@code invalid-unicode}), as it is in bytes. Recursion stops at the nesting limit, so a deep foreign tree cannot
 * overflow the stack.
 */
final class TreeImport {

  /** Stops the copy; carries the diagnostic. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Diagnostic diagnostic;

    Refused(DiagnosticCode code, String message, String pointer) {
      super(message, null, false, false);
      this.diagnostic = new Diagnostic(code, code.severity(), message, null, null, pointer);
    }
  }

  private final RecordLimits limits;
  private int nodes;

  private TreeImport(RecordLimits limits) {
    this.limits = limits;
  }

  /**
   * The copy of {@code source}.
   *
   * @throws Refused when a limit is exceeded or the tree holds something JSON cannot (binary, Java objects,
   *     non-finite numbers)
   */
  static JsonNode copy(JsonNode source, RecordLimits limits) {
    return new TreeImport(limits).copy(source, 1, "");
  }

  private JsonNode copy(JsonNode node, int depth, String pointer) {
    if (++nodes > limits.maxTokens()) {
      throw new Refused(DiagnosticCode.TOO_MANY_TOKENS,
          "record has more JSON values than the limit of " + limits.maxTokens(), pointer);
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node.isObject() || node.isArray()) {
      if (depth > limits.maxNestingDepth()) {
        throw new Refused(DiagnosticCode.NESTING_TOO_DEEP,
            "arrays and objects nest deeper than the limit of " + limits.maxNestingDepth(), pointer);
      }
      if (node.isObject()) {
        ObjectNode out = f.objectNode();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          String key = e.getKey();
          if (key.length() > limits.maxKeyLength()) {
            throw new Refused(DiagnosticCode.KEY_TOO_LONG,
                "a key is longer than the limit of " + limits.maxKeyLength() + " characters", pointer);
          }
          // Before the key becomes part of a pointer: a pointer is always well-formed text.
          refuseLoneSurrogate(key, "a key", pointer);
          String child = pointer + "/" + RecordSchema.escape(key);
          out.set(key, copy(e.getValue(), depth + 1, child));
        }
        return out;
      }
      ArrayNode out = f.arrayNode(node.size());
      for (int i = 0; i < node.size(); i++) {
        out.add(copy(node.get(i), depth + 1, pointer + "/" + i));
      }
      return out;
    }
    if (node.isTextual()) {
      String text = node.textValue();
      if (text.length() > limits.maxStringLength()) {
        throw new Refused(DiagnosticCode.STRING_TOO_LONG,
            "a string is longer than the limit of " + limits.maxStringLength() + " characters", pointer);
      }
      refuseLoneSurrogate(text, "a string", pointer);
      return f.textNode(text);
    }
    if (node.isNumber()) {
      return number(node.numberValue(), pointer, f);
    }
    if (node.isBoolean()) {
      return f.booleanNode(node.booleanValue());
    }
    if (node.isNull()) {
      return f.nullNode();
    }
    if (node.isMissingNode()) {
      throw new Refused(DiagnosticCode.EMPTY_RECORD, "record is empty", pointer);
    }
    throw new Refused(DiagnosticCode.WRONG_TYPE,
        "a " + node.getNodeType() + " node is not JSON data", pointer);
  }

  /** Strings of a tree are Java text; one holding a lone surrogate has no UTF-8 form, as in bytes it is refused. */
  private static void refuseLoneSurrogate(String text, String what, String pointer) {
    int at = StrictUnicode.firstLoneSurrogate(text);
    if (at >= 0) {
      throw new Refused(DiagnosticCode.INVALID_UNICODE, what + " holds a lone surrogate (U+"
          + String.format("%04X", (int) text.charAt(at)) + ", at char " + at + "), which encodes no character",
          pointer);
    }
  }

  private JsonNode number(Number n, String pointer, JsonNodeFactory f) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new Refused(DiagnosticCode.INVALID_VALUE, "a number is not finite: " + d, pointer);
      }
    }
    String text = n instanceof BigDecimal bd ? bd.toString() : n.toString();
    if (text.length() > limits.maxNumberLength()) {
      throw new Refused(DiagnosticCode.NUMBER_TOO_LONG, "a number has " + text.length()
          + " characters, more than the limit of " + limits.maxNumberLength(), pointer);
    }
    if (n instanceof BigDecimal bd) {
      return f.numberNode(bd);
    } else if (n instanceof BigInteger bi) {
      return f.numberNode(bi);
    } else if (n instanceof Double || n instanceof Float) {
      return f.numberNode(n.doubleValue());
    }
    return f.numberNode(n.longValue());
  }
}
