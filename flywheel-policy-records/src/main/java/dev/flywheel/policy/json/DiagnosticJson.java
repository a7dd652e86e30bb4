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
 *
 * <p>{@link #toJson(Diagnostic, String)} adds {@code utf16Offset} and {@code utf16Length} after {@code length}: the same
 * region counted in UTF-16 code units of the source text, which is how JavaScript and browsers index strings. They
 * are {@code null} when there is no span or the span does not lie within the given source.
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
    return node(diagnostic, false, null);
  }

  /**
   * {@return the JSON object for {@code diagnostic}, with the span also in UTF-16 code units of {@code source}}
   *
   * @param diagnostic the diagnostic
   * @param source the text the diagnostic's span counts in, or null when unknown (the UTF-16 fields are then null)
   * @throws NullPointerException if {@code diagnostic} is null
   */
  public static ObjectNode toJson(Diagnostic diagnostic, String source) {
    return node(diagnostic, true, source);
  }

  /** The one field order of both forms; the UTF-16 span fields only in the form that has a source. */
  private static ObjectNode node(Diagnostic diagnostic, boolean withUtf16, String source) {
    Objects.requireNonNull(diagnostic, "diagnostic");
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("code", diagnostic.code().id());
    node.put("severity", diagnostic.severity().word());
    node.put("message", diagnostic.message());
    node.put("help", diagnostic.help());
    putSpan(node, diagnostic.span());
    if (withUtf16) {
      putUtf16Span(node, diagnostic.span(), source);
    }
    node.put("pointer", diagnostic.pointer());
    return node;
  }

  /**
   * {@return a JSON array of {@code diagnostics} with UTF-16 spans in {@code source}, in the given order}
   *
   * @param diagnostics the diagnostics
   * @param source the text their spans count in, or null when unknown
   * @throws NullPointerException if {@code diagnostics} or an element is null
   */
  public static ArrayNode toJson(List<Diagnostic> diagnostics, String source) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Diagnostic d : diagnostics) {
      array.add(toJson(d, source));
    }
    return array;
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

  /**
   * Puts {@code utf16Offset} and {@code utf16Length}: the code-point region of {@code span} counted in UTF-16 code
   * units of {@code source}. Both are null without a span or a source, or when the span reaches past the source's end
   * (a span is never guessed at).
   */
  static void putUtf16Span(ObjectNode node, Span span, String source) {
    int[] units = span == null || source == null ? null : utf16(source, span.offset(), span.length());
    if (units == null) {
      node.putNull("utf16Offset");
      node.putNull("utf16Length");
    } else {
      node.put("utf16Offset", units[0]);
      node.put("utf16Length", units[1]);
    }
  }

  /**
   * {@return the UTF-16 offset and length of the code-point region [offset, offset + length) of {@code source}, or
   * null when the region is not within it}
   */
  static int[] utf16(String source, int offset, int length) {
    int codePoints = source.codePointCount(0, source.length());
    if (offset < 0 || length < 0 || (long) offset + length > codePoints) {
      return null;
    }
    int start = source.offsetByCodePoints(0, offset);
    int end = source.offsetByCodePoints(start, length);
    return new int[] {start, end - start};
  }
}
