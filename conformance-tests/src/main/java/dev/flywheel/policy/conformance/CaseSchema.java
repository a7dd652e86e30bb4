package dev.flywheel.policy.conformance;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schema (2020-12) of case files, loaded once from the class path.
 *
 * <p>The schema file is {@code conformance-tests/suite/case-file.schema.json}; the build copies it into the jar so
 * the command line checks files against exactly the schema the suite is checked against. The schema has no remote
 * {@code $ref}, so validation never fetches anything.
 */
public final class CaseSchema {
  /** Class-path location of the schema. */
  public static final String RESOURCE = "/dev/flywheel/policy/conformance/case-file.schema.json";

  private static final CaseSchema INSTANCE = new CaseSchema();
  private final Schema schema;

  private CaseSchema() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    try (InputStream in = CaseSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("case-file schema missing from the class path: " + RESOURCE);
      }
      this.schema = registry.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the case-file schema", e);
    }
  }

  /** The one schema instance; it is immutable and thread-safe. */
  public static CaseSchema get() {
    return INSTANCE;
  }

  /**
   * Checks a case file's JSON text against the schema.
   *
   * @param json the whole file
   * @return every violation with the JSON Pointer of the offending value, in the validator's order; empty when valid
   */
  public List<Problem> check(String json) {
    List<Problem> problems = new ArrayList<>();
    for (Error error : schema.validate(json, InputFormat.JSON)) {
      problems.add(new Problem(pointer(error.getInstanceLocation()), error.getMessage()));
    }
    return problems;
  }

  /** The RFC 6901 pointer of a validator path, whatever path style the validator is configured with. */
  static String pointer(NodePath path) {
    if (path == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      out.append('/').append(element.toString().replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }
}
