package dev.flywheel.policy.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one record as read, before times and terms are checked: what {@link RecordValidator} needs from the
 * JSON, whichever way it was read (the streaming reader for records that follow the schema, the tree for the rest).
 * A field is {@code null} when it is absent or not of its schema type; times and terms are still text.
 *
 * @param extensions the {@code extensions} object as compact JSON text, {@code "{}"} when absent, {@code null} when
 *     it is not an object
 */
record RecordFields(
    int schemaVersion,
    String id,
    String contributor,
    List<String> collectives,
    String source,
    String method,
    String created,
    String licence,
    String released,
    String preference,
    List<StatementFields> statements,
    ContributionRecord.Tags tags,
    String content,
    String extensions) {

  /**
   * One entry of {@code statements}; {@code null} in the list where the entry is not an object.
   *
   * @param tags the scope's tags that are strings, in order
   */
  record StatementFields(String by, String collective, String effective, String terms, String contributedFrom,
      String contributedUntil, List<String> tags) {}

  /** The fields of {@code root}, leniently: anything missing or of the wrong type is {@code null}. */
  static RecordFields fromTree(JsonNode root, RecordJson json) {
    JsonNode provenance = object(root.get("provenance"));
    JsonNode tags = object(root.get("tags"));
    JsonNode version = root.get("schemaVersion");
    JsonNode extensions = root.get("extensions");
    List<StatementFields> statements = new ArrayList<>();
    JsonNode statementsNode = root.get("statements");
    if (statementsNode != null && statementsNode.isArray()) {
      for (JsonNode statement : statementsNode) {
        statements.add(statement.isObject() ? statement(statement) : null);
      }
    }
    return new RecordFields(
        // Only the integer 1 written as `1`: a fraction or exponent form (1.0, 1e0, and 1.00000000000000000001, which
        // a double rounds to 1) reads as 0, as does any other number, however large, without converting it.
        isLiteralOne(version) ? 1 : 0,
        text(root.get("id")),
        text(root.get("contributor")),
        strings(root.get("collectives")),
        provenance == null ? null : text(provenance.get("source")),
        provenance == null ? null : text(provenance.get("method")),
        provenance == null ? null : text(provenance.get("created")),
        text(root.get("licence")),
        text(root.get("released")),
        text(root.get("preference")),
        statements,
        tags == null ? ContributionRecord.Tags.NONE : new ContributionRecord.Tags(text(tags.get("language")),
            text(tags.get("domain")), text(tags.get("kind")), text(tags.get("scarcity"))),
        text(root.get("content")),
        extensions == null ? "{}" : extensions.isObject() ? json.write(extensions) : null);
  }

  /**
   * True for the JSON integer 1 ({@code 1} as written; a parser reads a fraction or exponent as a floating-point or
   * decimal number even when its value is 1). Jackson 2 trees handed in may hold it as an int, a long or a big integer.
   */
  static boolean isLiteralOne(JsonNode node) {
    return node != null && node.isIntegralNumber() && node.canConvertToLong() && node.longValue() == 1;
  }

  private static StatementFields statement(JsonNode node) {
    JsonNode scope = object(node.get("scope"));
    return new StatementFields(text(node.get("by")), text(node.get("collective")), text(node.get("effective")),
        text(node.get("terms")),
        scope == null ? null : text(scope.get("contributedFrom")),
        scope == null ? null : text(scope.get("contributedUntil")),
        scope == null ? List.of() : strings(scope.get("tags")));
  }

  private static JsonNode object(JsonNode node) {
    return node != null && node.isObject() ? node : null;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      for (JsonNode n : node) {
        if (n.isTextual()) {
          out.add(n.textValue());
        }
      }
    }
    return out;
  }
}
