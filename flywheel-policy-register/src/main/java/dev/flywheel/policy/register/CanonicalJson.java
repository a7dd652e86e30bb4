package dev.flywheel.policy.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JSON Canonicalization Scheme) of a JSON tree: object members sorted by their names' UTF-16 code units,
 * no whitespace, strings with only the escapes JSON requires ({@code \"}, {@code \\}, {@code \b \f \n \r \t} and
 * {@code &#92;u00xx} in lower case for the other controls), numbers as ECMAScript writes the IEEE 754 double nearest to
 * them (shortest round-trip digits; {@code 1e+21}, {@code 1e-7}, {@code 0.000001}; {@code -0} as {@code 0}).
 *
 * <p>Written here rather than taken from a library because the reference implementation's jar has no usable JPMS
 * name; the tests compare the two on generated documents. A tree with a non-finite number cannot be canonicalised
 * ({@link IllegalArgumentException}); the record validator never lets one through. Thread-safe.
 */
public final class CanonicalJson {
  private CanonicalJson() {
  }

  /**
   * The canonical form of a tree.
   *
   * @param node the tree, as Jackson 2 parsed it (exact numbers are best: big decimals for fractions)
   * @return the canonical JSON text
   * @throws IllegalArgumentException if a number is not finite as a double
   */
  public static String canonicalize(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          members.add(it.next());
        }
        // String.compareTo compares UTF-16 code units, exactly the order RFC 8785 section 3.2.3 asks for.
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> member : members) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(member.getKey(), out);
          out.append(':');
          write(member.getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out);
      case NUMBER -> out.append(number(node.isBigDecimal() || node.isBigInteger() || node.isIntegralNumber()
          ? node.decimalValue().doubleValue() : node.doubleValue()));
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      default -> throw new IllegalArgumentException("not JSON: " + node.getNodeType());
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * A double as ECMAScript's Number.prototype.toString writes it (ECMA-262 Number::toString): the shortest digits
   * that read back as the same double, the closest of them to the value, in plain or exponent notation by the
   * exponent's range.
   *
   * @param d a finite double
   * @return its text
   * @throws IllegalArgumentException if {@code d} is not finite
   */
  public static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("RFC 8785 has no form for " + d);
    }
    if (d == 0) {
      return "0";
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal exact = new BigDecimal(Math.abs(d));
    BigDecimal shortest = null;
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == Math.abs(d)) {
        shortest = candidate;
        break;
      }
    }
    if (shortest == null) {
      throw new IllegalStateException("17 digits always round-trip a double");
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    // value = 0.digits * 10^n, i.e. digits * 10^(n - k)
    int n = k - shortest.scale();
    StringBuilder out = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }
}
