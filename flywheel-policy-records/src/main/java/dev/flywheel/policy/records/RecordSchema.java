package dev.flywheel.policy.records;

import com.fasterxml.jackson.databind.JsonNode;
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
