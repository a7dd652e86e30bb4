package dev.flywheel.policy.records;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The record schema, compiled once, and the mapping of its errors to diagnostics. Thread-safe.
 *
 * <p>The schema registry is locked down: it never fetches anything over a network ({@code fetchRemoteResources} off)
 * and refuses to load any resource other than this schema itself and the JSON Schema 2020-12 meta-schemas, which
 * the validator library ships as class-path copies. A schema whose {@code $ref} points anywhere else fails when it
 * is compiled, before any record is read.
 */
final class RecordSchema {

  /** Class-path resource (in this package) holding the schema. */
  static final String RESOURCE = "contribution-record.schema.json";

  /** The schema's {@code $id}. */
  static final String ID = "urn:flywheel-policy:contribution-record:1";

  private static final String META_SCHEMA_PREFIX = "https://json-schema.org/draft/2020-12/";

  private final Schema schema;

  private RecordSchema(Schema schema) {
    this.schema = schema;
  }

  /** The schema shipped in the jar. */
  static RecordSchema bundled() {
    try (InputStream in = RecordSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("record schema resource missing: " + RESOURCE);
      }
      return compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read record schema " + RESOURCE, e);
    }
  }

  /**
   * Compiles {@code schemaJson} with the locked-down registry, resolving every {@code $ref} now.
   *
   * @throws RuntimeException (from the schema library) if the schema is malformed or refers to a resource that is
   *     not local
   */
  static RecordSchema compile(String schemaJson) {
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .pathType(PathType.JSON_POINTER)
        // Formats are documentation only (2020-12 default); times are checked by RecordValidator itself.
        .formatAssertionsEnabled(false)
        // java.util.regex with whole-string matching; patterns are simple and only run on bounded strings.
        .regularExpressionFactory(JDKRegularExpressionFactory.getInstance())
        .build();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
        .schemaRegistryConfig(config)
        .schemaLoader(loader -> loader.fetchRemoteResources(false).allow(RecordSchema::isLocal)));
    Schema schema = registry.getSchema(SchemaLocation.of(ID), schemaJson, InputFormat.JSON);
    schema.initializeValidators();
    return new RecordSchema(schema);
  }

  /** Only this schema and the bundled meta-schemas may ever be loaded. */
  static boolean isLocal(AbsoluteIri iri) {
    String text = iri.toString();
    return text.startsWith(ID) || text.startsWith(META_SCHEMA_PREFIX);
  }

  /** The schema errors of {@code record}, as diagnostics with JSON Pointers. */
  List<Diagnostic> validate(JsonNode record) {
    List<Error> errors = schema.validate(record);
    List<Diagnostic> all = new ArrayList<>(errors.size());
    Set<String> wrongType = new HashSet<>();
    for (Error error : errors) {
      Diagnostic d = toDiagnostic(error);
      all.add(d);
      if (d.code() == DiagnosticCode.WRONG_TYPE) {
        wrongType.add(d.pointer());
      }
    }
    // A value of the wrong type fails its other constraints too; those add nothing to "wrong type".
    List<Diagnostic> out = new ArrayList<>(all.size());
    for (Diagnostic d : all) {
      if (d.code() == DiagnosticCode.WRONG_TYPE || !wrongType.contains(d.pointer())) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * Whether {@code record} satisfies the schema, decided by a hand-written mirror of its rules: one walk over the
   * tree, allocating nothing. Used before {@link #validate} because nearly every record of a dataset is valid and the
   * general validator costs several times the rest of validation.
   *
   * <p>The mirror may only be stricter than the schema, never looser: when it says {@code true} the schema reports
   * no error; when it says {@code false} the caller runs {@link #validate} for the diagnostics, which may still be
   * none (for instance {@code 1.0} as the schema version, which JSON Schema counts as an integer). So a record is
   * never accepted that the schema rejects. {@code RecordSchemaMirrorTest} checks the two agree on every record of
   * the test corpora and on generated mutations of valid records.
   */
  static boolean conforms(JsonNode record) {
    if (!record.isObject() || !hasOnly(record, TOP_LEVEL) || !hasAll(record, REQUIRED)) {
      return false;
    }
    JsonNode version = record.get("schemaVersion");
    if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != 1) {
      return false;
    }
    if (!isIdentifier(record.get("id")) || !isIdentifier(record.get("contributor"))
        || !isUniqueStrings(record.get("collectives"), RecordSchema::isCollectiveName)) {
      return false;
    }
    JsonNode provenance = record.get("provenance");
    if (!provenance.isObject() || !hasOnly(provenance, PROVENANCE) || !hasAll(provenance, PROVENANCE)
        || !isPrintable(provenance.get("source"), 256) || !isWord(provenance.get("method"))
        || !isInstant(provenance.get("created"))) {
      return false;
    }
    if (!isSpdxId(record.get("licence")) || !isInstantOrNull(record.get("released"))
        || !record.get("preference").isString()) {
      return false;
    }
    JsonNode tags = record.get("tags");
    if (!tags.isObject() || !hasOnly(tags, TAGS)) {
      return false;
    }
    for (var tag : tags.properties()) {
      if (!isTagValue(tag.getValue())) {
        return false;
      }
    }
    JsonNode content = record.get("content");
    if (content != null && !content.isString()) {
      return false;
    }
    JsonNode extensions = record.get("extensions");
    if (extensions != null && (!extensions.isObject() || extensions.size() > MAX_EXTENSIONS)) {
      return false;
    }
    JsonNode statements = record.get("statements");
    if (statements != null) {
      if (!statements.isArray() || statements.size() > MAX_ITEMS) {
        return false;
      }
      for (JsonNode statement : statements) {
        if (!isStatement(statement)) {
          return false;
        }
      }
    }
    return true;
  }

  private static final Set<String> TOP_LEVEL = Set.of("schemaVersion", "id", "contributor", "collectives",
      "provenance", "licence", "released", "preference", "statements", "tags", "content", "extensions");
  private static final Set<String> REQUIRED = Set.of("schemaVersion", "id", "contributor", "collectives",
      "provenance", "licence", "released", "preference", "tags");
  private static final Set<String> PROVENANCE = Set.of("source", "method", "created");
  private static final Set<String> TAGS = Set.of("language", "domain", "kind", "scarcity");
  private static final Set<String> COLLECTIVE_STATEMENT = Set.of("by", "collective", "effective", "terms", "scope");
  private static final Set<String> CONTRIBUTOR_STATEMENT = Set.of("by", "effective", "terms");
  private static final Set<String> SCOPE = Set.of("contributedFrom", "contributedUntil", "tags");
  /** The schema's {@code maxItems} of every array. */
  private static final int MAX_ITEMS = 64;
  /** The schema's {@code maxProperties} of {@code extensions}. */
  private static final int MAX_EXTENSIONS = 256;
  /** The schema's {@code maxLength} of an instant. */
  private static final int MAX_INSTANT = 35;

  private static boolean isStatement(JsonNode statement) {
    if (!statement.isObject()) {
      return false;
    }
    JsonNode by = statement.get("by");
    JsonNode terms = statement.get("terms");
    if (by == null || !by.isString() || terms == null || !terms.isString()) {
      return false;
    }
    if (by.stringValue().equals("collective")) {
      JsonNode scope = statement.get("scope");
      return hasOnly(statement, COLLECTIVE_STATEMENT)
          && isCollectiveName(statement.get("collective"))
          && (!statement.has("effective") || isInstantOrNull(statement.get("effective")))
          && (scope == null || isScope(scope));
    }
    return by.stringValue().equals("contributor")
        && hasOnly(statement, CONTRIBUTOR_STATEMENT)
        && isInstant(statement.get("effective"));
  }

  private static boolean isScope(JsonNode scope) {
    if (!scope.isObject() || !hasOnly(scope, SCOPE)) {
      return false;
    }
    return (!scope.has("contributedFrom") || isInstantOrNull(scope.get("contributedFrom")))
        && (!scope.has("contributedUntil") || isInstantOrNull(scope.get("contributedUntil")))
        && (!scope.has("tags") || isUniqueStrings(scope.get("tags"), RecordSchema::isScopeTag));
  }

  private static boolean hasOnly(JsonNode object, Set<String> allowed) {
    for (String name : object.propertyNames()) {
      if (!allowed.contains(name)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasAll(JsonNode object, Set<String> required) {
    for (String name : required) {
      if (!object.has(name)) {
        return false;
      }
    }
    return true;
  }

  /** An array of at most {@link #MAX_ITEMS} distinct strings, each accepted by {@code item}. */
  private static boolean isUniqueStrings(JsonNode array, java.util.function.Predicate<JsonNode> item) {
    if (array == null || !array.isArray() || array.size() > MAX_ITEMS) {
      return false;
    }
    for (int i = 0; i < array.size(); i++) {
      JsonNode value = array.get(i);
      if (!item.test(value)) {
        return false;
      }
      for (int j = 0; j < i; j++) {
        if (array.get(j).stringValue().equals(value.stringValue())) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code identifier}: 1 to 128 of {@code [A-Za-z0-9][A-Za-z0-9._:-]*}. */
  private static boolean isIdentifier(JsonNode node) {
    return isAscii(node, 128, "._:-");
  }

  /** {@code word}: 1 to 64 of {@code [a-z][a-z0-9_-]*}. */
  private static boolean isWord(JsonNode node) {
    if (node == null || !node.isString()) {
      return false;
    }
    String s = node.stringValue();
    if (s.isEmpty() || s.length() > 64 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@code spdxId}: 1 to 100 of {@code [A-Za-z0-9][A-Za-z0-9.+-]*}. */
  private static boolean isSpdxId(JsonNode node) {
    return isAscii(node, 100, ".+-");
  }

  /** {@code tagValue}: 1 to 64 of {@code [A-Za-z0-9][A-Za-z0-9._-]*}. */
  private static boolean isTagValue(JsonNode node) {
    return isAscii(node, 64, "._-");
  }

  /** {@code scopeTag}: {@code key:value} with a tag key and a tag value, at most 80 characters. */
  private static boolean isScopeTag(JsonNode node) {
    if (node == null || !node.isString() || node.stringValue().length() > 80) {
      return false;
    }
    String s = node.stringValue();
    int colon = s.indexOf(':');
    return colon > 0 && TAGS.contains(s.substring(0, colon))
        && isAsciiText(s, colon + 1, 80, "._-");
  }

  /** {@code collectiveName}: 1 to 128 characters, none of them a control character. */
  private static boolean isCollectiveName(JsonNode node) {
    return isPrintable(node, 128);
  }

  /**
   * 1 to {@code max} characters, none in U+0000-U+001F or U+007F-U+009F. Lengths are counted in chars: a string
   * within {@code max} chars is within {@code max} code points; a longer one is left to the schema.
   */
  private static boolean isPrintable(JsonNode node, int max) {
    if (node == null || !node.isString()) {
      return false;
    }
    String s = node.stringValue();
    if (s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x1F || c >= 0x7F && c <= 0x9F) {
        return false;
      }
    }
    return true;
  }

  private static boolean isInstant(JsonNode node) {
    return node != null && node.isString() && node.stringValue().length() <= MAX_INSTANT;
  }

  private static boolean isInstantOrNull(JsonNode node) {
    return node != null && (node.isNull() || isInstant(node));
  }

  /** A string of 1 to {@code max} characters: a letter or digit, then letters, digits and {@code extra}. */
  private static boolean isAscii(JsonNode node, int max, String extra) {
    return node != null && node.isString() && isAsciiText(node.stringValue(), 0, max, extra);
  }

  private static boolean isAsciiText(String s, int start, int max, String extra) {
    int length = s.length() - start;
    if (length < 1 || length > max || !isAlphanumeric(s.charAt(start))) {
      return false;
    }
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAlphanumeric(c) && extra.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlphanumeric(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static Diagnostic toDiagnostic(Error error) {
    String keyword = String.valueOf(error.getKeyword());
    String at = pointer(error.getInstanceLocation());
    String property = error.getProperty();
    String detail = detail(error);
    return switch (keyword) {
      case "additionalProperties", "unevaluatedProperties" -> diagnostic(DiagnosticCode.UNKNOWN_FIELD,
          "unknown field '" + property + "'" + where(at), at + "/" + escape(property))
          .withHelp(at.isEmpty() ? "put data of your own under 'extensions'" : null);
      case "required" -> diagnostic(DiagnosticCode.MISSING_FIELD,
          "missing required field '" + property + "'" + where(at), at + "/" + escape(property));
      case "type" -> diagnostic(DiagnosticCode.WRONG_TYPE, label(at) + detail, at);
      case "maxLength", "maxItems", "maxProperties" -> diagnostic(DiagnosticCode.VALUE_TOO_LONG,
          label(at) + detail, at);
      case "const" -> at.equals("/schemaVersion")
          ? diagnostic(DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION, "schemaVersion must be 1", at)
              .withHelp("this library reads schema version 1 records")
          : diagnostic(DiagnosticCode.INVALID_VALUE, label(at) + detail, at);
      default -> diagnostic(DiagnosticCode.INVALID_VALUE, label(at) + detail, at);
    };
  }

  private static Diagnostic diagnostic(DiagnosticCode code, String message, String pointer) {
    return new Diagnostic(code, code.severity(), message, null, null, pointer);
  }

  private static String where(String at) {
    return at.isEmpty() ? "" : " in " + at;
  }

  private static String label(String at) {
    return (at.isEmpty() ? "the record" : at) + ": ";
  }

  /** The library's message without its leading location, which the diagnostic's pointer already carries. */
  private static String detail(Error error) {
    String message = String.valueOf(error.getMessage());
    int colon = message.indexOf(": ");
    if (colon >= 0 && (message.startsWith("/") || message.startsWith("$") || colon == 0)) {
      message = message.substring(colon + 2);
    }
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }

  /** The RFC 6901 pointer of a path in the instance. */
  static String pointer(NodePath path) {
    if (path == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      out.append('/').append(escape(String.valueOf(path.getElement(i))));
    }
    return out.toString();
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
