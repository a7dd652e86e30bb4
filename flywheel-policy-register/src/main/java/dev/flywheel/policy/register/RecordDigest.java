package dev.flywheel.policy.register;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The digest that names a record in a release: the SHA-256, in lower-case hex, of the record's RFC 8785 (JSON
 * Canonicalization Scheme) form. Reformatting a line (spaces, key order, escapes) keeps its digest; changing any
 * field's value does not. {@code register release} lists these digests and the register matches records read by a
 * consumer against them (rule 7 of docs/LANGUAGE.md section 10.4), so both use this one function.
 *
 * <p>Canonical form, as RFC 8785 gives it: no whitespace; object members sorted by their names' UTF-16 code units;
 * strings with only {@code "}, {@code \} and the control characters escaped ({@code \b \t \n \f \r}, others as
 * {@code \}{@code u00xx}); other characters as UTF-8. Numbers: a contribution record has only integers, written
 * without exponent or fraction. A number with a fraction or exponent, or an integer beyond +-2^53 (which RFC 8785
 * would have to print through IEEE 754 doubles), has no canonical form here: such a text gets no digest, so it is in
 * no release (fail closed). The input must be one JSON value without duplicate member names (a record that passed the
 * validator is).
 *
 * <p>Stateless and thread-safe; the cost is one parse and one hash of the record.
 */
public final class RecordDigest {
  private static final BigInteger MAX_SAFE = BigInteger.valueOf((1L << 53) - 1);
  private static final ObjectMapper MAPPER = mapper();
  private static final HexFormat HEX = HexFormat.of();

  private RecordDigest() {}

  private static ObjectMapper mapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    ObjectMapper mapper = new ObjectMapper(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    mapper.getFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    return mapper;
  }

  /**
   * {@return the record's digest, or empty when {@code json} is not one JSON value with a canonical form here}
   *
   * @param json a record's JSON text, UTF-8
   */
  public static Optional<String> of(byte[] json) {
    return canonical(json).map(bytes -> HEX.formatHex(sha256(bytes)));
  }

  /**
   * {@return the RFC 8785 canonical form of {@code json}, UTF-8, or empty when it has none here}
   *
   * @param json one JSON value, UTF-8
   */
  public static Optional<byte[]> canonical(byte[] json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (node == null || node.isMissingNode()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(json.length);
    return write(node, out) ? Optional.of(out.toString().getBytes(StandardCharsets.UTF_8)) : Optional.empty();
  }

  private static boolean write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT: {
        List<String> names = new ArrayList<>(node.size());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        names.sort(null); // String order is UTF-16 code-unit order, which RFC 8785 asks for
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(names.get(i), out);
          out.append(':');
          if (!write(node.get(names.get(i)), out)) {
            return false;
          }
        }
        out.append('}');
        return true;
      }
      case ARRAY: {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          if (!write(node.get(i), out)) {
            return false;
          }
        }
        out.append(']');
        return true;
      }
      case STRING:
        string(node.textValue(), out);
        return true;
      case NUMBER:
        if (!node.isIntegralNumber() || node.bigIntegerValue().abs().compareTo(MAX_SAFE) > 0) {
          return false;
        }
        out.append(node.bigIntegerValue().toString());
        return true;
      case BOOLEAN:
        out.append(node.booleanValue() ? "true" : "false");
        return true;
      case NULL:
        out.append("null");
        return true;
      default:
        return false;
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
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
