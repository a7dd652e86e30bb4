package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hand-written mirror of the record schema ({@link RecordSchema#conforms}) against the schema itself, run by the
 * general validator: the mirror must never accept a record the schema rejects, and on the records of the test
 * corpora and on single edits of a record using every feature it must give the same answer (so the fast path is
 * taken for every valid record, not only some).
 */
class RecordSchemaMirrorTest {
  private static final RecordSchema SCHEMA = RecordSchema.bundled();
  private static final RecordJson JSON = new RecordJson(RecordLimits.DEFAULTS);
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Every record of the committed corpora that is JSON: examples, mixed lines, fuzz seeds. */
  static List<JsonNode> corpus() throws IOException {
    List<byte[]> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(TestRecords.examples())) {
      for (Path file : files.sorted().toList()) {
        if (file.toString().endsWith(".jsonl")) {
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            texts.add(line.getBytes(StandardCharsets.UTF_8));
          }
        } else {
          texts.add(Files.readAllBytes(file));
        }
      }
    }
    Path seeds = Path.of("src", "test", "resources", "dev", "flywheel", "policy", "records",
        "RecordValidatorFuzzTestInputs", "validate_anyBytes_keepsItsContract");
    try (Stream<Path> files = Files.list(seeds)) {
      for (Path file : files.sorted().toList()) {
        texts.add(Files.readAllBytes(file));
      }
    }
    List<JsonNode> trees = new ArrayList<>();
    for (byte[] text : texts) {
      JsonNode node = JSON.read(text, text.length).node();
      if (node != null) {
        trees.add(node);
      }
    }
    return trees;
  }

  @Test
  void conforms_everyCorpusRecord_agreesWithTheSchema() throws IOException {
    List<JsonNode> corpus = corpus();
    assertTrue(corpus.size() > 20, "corpus too small: " + corpus.size());
    int conforming = 0;
    for (JsonNode record : corpus) {
      boolean valid = SCHEMA.validate(record).isEmpty();
      assertEquals(valid, RecordSchema.conforms(record), () -> "mirror and schema disagree on " + record);
      conforming += valid ? 1 : 0;
    }
    assertTrue(conforming >= 10, "the corpus should hold valid records too: " + conforming);
  }

  @Test
  void conforms_recordUsingEveryFeature_isAccepted() {
    assertTrue(SCHEMA.validate(full()).isEmpty(), () -> SCHEMA.validate(full()).toString());
    assertTrue(RecordSchema.conforms(full()));
  }

  @Test
  void conforms_numberOneWrittenAsDecimal_leftToTheSchema() {
    ObjectNode record = full();
    record.put("schemaVersion", 1.0);
    // Stricter than the schema is allowed: the caller then asks the schema, which decides.
    assertFalse(RecordSchema.conforms(record));
  }

  @Test
  void conforms_collectiveNameOfSurrogatePairsWithinLimit_leftToTheSchema() {
    ObjectNode record = full();
    String name = "\uD83D\uDE00".repeat(100); // 100 code points, 200 chars
    ((ArrayNode) record.get("collectives")).set(0, name);
    assertTrue(SCHEMA.validate(record).isEmpty());
    assertFalse(RecordSchema.conforms(record));
  }

  /** One edit anywhere in the record: the mirror agrees with the schema. */
  @Property(tries = 3000)
  void conforms_oneEditOfAFullRecord_agreesWithTheSchema(@ForAll("edits") TreeEdit edit) {
    ObjectNode record = full();
    edit.applyTo(record);
    boolean valid = SCHEMA.validate(record).isEmpty();
    boolean mirrored = RecordSchema.conforms(record);
    if (mirrored) {
      assertTrue(valid, () -> "mirror accepts what the schema rejects: " + record + " " + SCHEMA.validate(record));
    }
    assertEquals(valid, mirrored, () -> "mirror and schema disagree on " + record + " " + SCHEMA.validate(record));
  }

  /** A valid record with every field, statement kind and scope entry. */
  static ObjectNode full() {
    return (ObjectNode) MAPPER.readTree("""
        {"schemaVersion": 1, "id": "rec-000123", "contributor": "c-7f3a",
         "collectives": ["masakhane", "Te Hiku Media"],
         "provenance": {"source": "flywheel.example/chat", "method": "chat", "created": "2026-03-01T12:00:00Z"},
         "licence": "CC-BY-4.0", "released": "2026-03-01T12:00:00Z",
         "preference": "train if attribution",
         "statements": [
           {"by": "contributor", "effective": "2027-01-01T00:00:00Z", "terms": "no-train"},
           {"by": "collective", "collective": "masakhane", "effective": "2026-06-01T00:00:00Z", "terms": "eval-only",
            "scope": {"contributedFrom": "2026-06-01T00:00:00Z", "contributedUntil": null,
                      "tags": ["language:yo", "kind:text"]}},
           {"by": "collective", "collective": "Te Hiku Media", "terms": "deny train"}],
         "tags": {"language": "yo", "domain": "news", "kind": "text", "scarcity": "scarce"},
         "content": "... optional payload ...",
         "extensions": {"x": [1, 2.5, {"y": null}]}}
        """);
  }

  /** Replace, remove or add at the {@code where}-th node of the tree (pre-order). */
  record TreeEdit(int kind, int where, JsonNode value, String key) {
    void applyTo(ObjectNode root) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode target = containers.get(where % containers.size());
      if (target instanceof ObjectNode object) {
        List<String> names = new ArrayList<>(object.propertyNames());
        String name = names.isEmpty() || kind == 2 ? key : names.get(where / 7 % names.size());
        switch (kind) {
          case 1 -> object.remove(name);
          default -> object.set(name, value.deepCopy());
        }
      } else if (target instanceof ArrayNode array) {
        int index = array.isEmpty() ? 0 : where / 7 % array.size();
        switch (kind) {
          case 1 -> {
            if (!array.isEmpty()) {
              array.remove(index);
            }
          }
          case 2 -> array.add(array.isEmpty() ? value.deepCopy() : array.get(index).deepCopy());
          default -> {
            if (array.isEmpty()) {
              array.add(value.deepCopy());
            } else {
              array.set(index, value.deepCopy());
            }
          }
        }
      }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
      if (node.isContainer()) {
        out.add(node);
        for (JsonNode child : node) {
          collect(child, out);
        }
      }
    }
  }

  @Provide
  Arbitrary<TreeEdit> edits() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Arbitrary<JsonNode> values = Arbitraries.of(
        f.nullNode(), f.numberNode(1), f.numberNode(2), f.numberNode(1.5), f.booleanNode(true),
        f.stringNode(""), f.stringNode("x"), f.stringNode("masakhane"), f.stringNode("Te Hiku Media"),
        f.stringNode("collective"), f.stringNode("contributor"), f.stringNode("a".repeat(64)),
        f.stringNode("a".repeat(65)), f.stringNode("a".repeat(81)), f.stringNode("a".repeat(129)),
        f.stringNode("a".repeat(257)), f.stringNode("a\u0001b"), f.stringNode("a\u0085b"), f.stringNode("-lead"),
        f.stringNode("Upper"), f.stringNode("with space"), f.stringNode("a:b"), f.stringNode("a.b+c"),
        f.stringNode("language:yo"), f.stringNode("dialect:yo"), f.stringNode("kind:"), f.stringNode("kind:te xt"),
        f.stringNode("2026-03-01T12:00:00Z"), f.stringNode("2026-03-01T12:00:00.123456789+05:30:00"),
        f.stringNode("2026-03-01T12:00:00.123456789+05:30Z"), f.stringNode("no-train"),
        f.arrayNode(), f.objectNode(), f.arrayNode().add("masakhane").add("masakhane"));
    Arbitrary<String> keys = Arbitraries.of("by", "collective", "effective", "terms", "scope", "tags", "unknown",
        "contributedFrom", "language", "extensions", "content", "statements", "source", "schemaVersion");
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 100_000),
        values, keys).as(TreeEdit::new);
  }
}
