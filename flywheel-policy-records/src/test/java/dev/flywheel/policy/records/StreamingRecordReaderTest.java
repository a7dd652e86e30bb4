package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.DiagnosticCode;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The streaming reader ({@link StreamingRecordReader}) against the general reading (tree, JSON Schema validator):
 * whenever it accepts a record, validation gives exactly the result of the general reading, and it accepts every
 * valid record of the corpora and of single edits of a record using every feature (so the fast path is really the
 * path valid records take).
 */
class StreamingRecordReaderTest {
  private static final RecordValidator VALIDATOR = RecordValidator.withDefaults();
  private static final StreamingRecordReader STREAMING =
      new StreamingRecordReader(new RecordJson(RecordLimits.DEFAULTS));
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Every text of the committed corpora: examples, mixed lines, fuzz seeds. */
  static List<byte[]> corpus() throws IOException {
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
    return texts;
  }

  /** The fast path's result equals the general one, and a valid record takes the fast path. */
  private static boolean assertAgrees(byte[] text) {
    return assertAgrees(text, true);
  }

  /** As {@link #assertAgrees(byte[])}, for a valid record the fast path is allowed to leave when not {@code fast}. */
  private static boolean assertAgrees(byte[] text, boolean fast) {
    RecordResult general = VALIDATOR.validateThoroughly(text, text.length);
    RecordResult result = VALIDATOR.validate(text, text.length);
    String shown = new String(text, StandardCharsets.UTF_8);
    assertEquals(general.record(), result.record(), shown);
    assertEquals(general.diagnostics(), result.diagnostics(), shown);
    assertEquals(general.termsSources(), result.termsSources(), shown);
    boolean streamed = STREAMING.read(text, text.length) != null;
    if (general.isValid() && fast) {
      assertTrue(streamed, () -> "a valid record left the fast path: " + shown);
    }
    return streamed;
  }

  /** Agreement for a record the fast path may leave though it is valid; true when it is valid. */
  private static boolean assertAgreesAllowingTheGeneralPath(byte[] text) {
    assertAgrees(text, false);
    return VALIDATOR.validate(text, text.length).isValid();
  }

  @Test
  void validate_everyCorpusText_sameResultAsTheGeneralReading() throws IOException {
    List<byte[]> corpus = corpus();
    assertTrue(corpus.size() > 50, "corpus too small: " + corpus.size());
    int streamed = 0;
    for (byte[] text : corpus) {
      streamed += assertAgrees(text) ? 1 : 0;
    }
    assertTrue(streamed >= 10, "the corpus should hold records the fast path reads: " + streamed);
  }

  @Test
  void read_recordUsingEveryFeature_streamed() {
    byte[] text = full().toString().getBytes(StandardCharsets.UTF_8);
    assertTrue(VALIDATOR.validateThoroughly(text, text.length).isValid());
    assertTrue(assertAgrees(text));
  }

  @Test
  void read_schemaVersionWrittenAsDecimal_leftToTheGeneralReadingWhichRefusesIt() {
    ObjectNode record = full();
    record.put("schemaVersion", 1.0);
    byte[] text = record.toString().getBytes(StandardCharsets.UTF_8);
    assertNull(STREAMING.read(text, text.length));
    assertFalse(assertAgreesAllowingTheGeneralPath(text), "only the literal 1 is schema version 1");
  }

  @Test
  void read_collectiveNameOfSurrogatePairsWithinLimit_leftToTheGeneralReading() {
    ObjectNode record = full();
    String name = "\uD83A\uDD00\uD83A\uDD23".repeat(50); // 100 Adlam letters: 100 code points, 200 chars
    ((ArrayNode) record.get("collectives")).set(0, name);
    byte[] text = record.toString().getBytes(StandardCharsets.UTF_8);
    assertNull(STREAMING.read(text, text.length));
    assertTrue(assertAgreesAllowingTheGeneralPath(text));
  }

  @Test
  void read_contentAfterTheRecord_leftToTheGeneralReading() {
    byte[] text = (full().toString() + " {}").getBytes(StandardCharsets.UTF_8);
    assertNull(STREAMING.read(text, text.length));
    assertAgrees(text);
  }

  @Test
  void read_nonFiniteNumberInExtensions_leftToTheGeneralReading() {
    byte[] text = full().toString().replace("2.5", "1e400").getBytes(StandardCharsets.UTF_8);
    assertNull(STREAMING.read(text, text.length));
    assertAgrees(text);
  }

  /** A repeated key at every level of the record: the fast path gives up and the record is refused as a duplicate. */
  @Test
  void read_duplicateKeyAtAnyLevel_leftToTheGeneralReadingWhichRefusesIt() {
    String full = full().toString();
    List<String> duplicated = List.of(
        full.replace("\"id\":", "\"id\":\"x\",\"id\":"),
        full.replace("\"released\":", "\"released\":null,\"released\":"),
        full.replace("\"method\":", "\"method\":\"api\",\"method\":"),
        full.replace("\"kind\":", "\"kind\":\"text\",\"kind\":"),
        full.replace("\"terms\":\"no-train\"", "\"terms\":\"no-train\",\"terms\":\"no-train\""),
        full.replace("\"contributedUntil\":", "\"contributedUntil\":null,\"contributedUntil\":"),
        full.replace("{\"y\":null}", "{\"y\":null,\"y\":null}"));
    for (String text : duplicated) {
      assertTrue(!text.equals(full), text);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      assertNull(STREAMING.read(bytes, bytes.length), text);
      RecordResult result = VALIDATOR.validate(bytes, bytes.length);
      assertEquals(List.of(DiagnosticCode.DUPLICATE_KEY), TestRecords.codes(result), text);
      assertAgrees(bytes);
    }
  }

  /** One edit anywhere in the tree of a full record. */
  @Property(tries = 3000)
  void validate_oneTreeEditOfAFullRecord_sameResultAsTheGeneralReading(@ForAll("edits") TreeEdit edit) {
    ObjectNode record = full();
    edit.applyTo(record);
    assertAgrees(record.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** One edit anywhere in the text of a full record. */
  @Property(tries = 3000)
  void validate_oneTextEditOfAFullRecord_sameResultAsTheGeneralReading(
      @ForAll("textEdits") RecordValidatorProperties.Edit edit) {
    assertAgrees(edit.apply(full().toString()).getBytes(StandardCharsets.UTF_8));
  }

  /** Ill-formed Unicode (malformed UTF-8, lone surrogate escapes) in every string field, key and value. */
  @Test
  void validate_illFormedTextInEveryPlace_sameResultAsTheGeneralReading() {
    for (RecordBytesReviewTest.Place place : RecordBytesReviewTest.places()) {
      for (RecordBytesReviewTest.Form form : RecordBytesReviewTest.forms()) {
        byte[] text = RecordBytesReviewTest.record(place, form);
        assertNull(STREAMING.read(text, text.length), form + " in " + place);
        assertAgrees(text);
        assertEquals(List.of(DiagnosticCode.INVALID_UNICODE), TestRecords.codes(VALIDATOR.validate(text)));
      }
    }
  }

  /** One ill-formed piece put anywhere in the bytes of a full record: inside strings, keys, numbers, between. */
  @Property(tries = 3000)
  void validate_illFormedPieceAnywhereInAFullRecord_sameResultAsTheGeneralReading(
      @ForAll("illFormedInsertions") byte[] text) {
    assertAgrees(text);
    RecordResult result = VALIDATOR.validate(text, text.length);
    assertFalse(result.isValid(), () -> new String(text, StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<byte[]> illFormedInsertions() {
    return insertionsOfIllFormedPieces(full().toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code full} with one ill-formed piece ({@link RecordBytesReviewTest#forms()}) put in or over it anywhere. */
  static Arbitrary<byte[]> insertionsOfIllFormedPieces(byte[] full) {
    return Combinators.combine(Arbitraries.integers().between(0, full.length),
        Arbitraries.of(RecordBytesReviewTest.forms()), Arbitraries.integers().between(0, 1)).as((at, form, replace) -> {
          int end = Math.min(full.length, at + replace * form.bytes().length);
          java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
          out.write(full, 0, at);
          out.writeBytes(form.bytes());
          out.write(full, end, full.length - end);
          return out.toByteArray();
        });
  }

  @Provide
  Arbitrary<RecordValidatorProperties.Edit> textEdits() {
    return new RecordValidatorProperties().edits();
  }

  /** A valid record with every field, statement kind and scope entry. */
  static ObjectNode full() {
    try {
      return (ObjectNode) MAPPER.readTree(FULL);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String FULL = """
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
        """;

  /** Replace, remove or add at the {@code where}-th node of the tree (pre-order). */
  record TreeEdit(int kind, int where, JsonNode value, String key) {
    void applyTo(ObjectNode root) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode target = containers.get(where % containers.size());
      if (target instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
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
      if (node.isContainerNode()) {
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
        f.textNode(""), f.textNode("x"), f.textNode("masakhane"), f.textNode("Te Hiku Media"),
        f.textNode("collective"), f.textNode("contributor"), f.textNode("a".repeat(64)),
        f.textNode("a".repeat(65)), f.textNode("a".repeat(81)), f.textNode("a".repeat(129)),
        f.textNode("a".repeat(257)), f.textNode("a\u0001b"), f.textNode("a\u0085b"), f.textNode("-lead"),
        f.textNode("Upper"), f.textNode("with space"), f.textNode("a:b"), f.textNode("a.b+c"),
        f.textNode("language:yo"), f.textNode("dialect:yo"), f.textNode("kind:"), f.textNode("kind:te xt"),
        f.textNode("2026-03-01T12:00:00Z"), f.textNode("2026-03-01T12:00:00.123456789+05:30:00"),
        f.textNode("2026-03-01T12:00:00.123456789+05:30Z"), f.textNode("no-train"),
        f.arrayNode(), f.objectNode(), f.arrayNode().add("masakhane").add("masakhane"),
        // Names the schema accepts and the name rules refuse, or accept outside ASCII.
        f.textNode("m\u0430sakhane"), f.textNode("\uFF4Dasakhane"), f.textNode("Te\u00A0Hiku"),
        f.textNode("Te  Hiku"), f.textNode("ma\u200Bsakhane"), f.textNode("Yor\u00F9b\u00E1"));
    Arbitrary<String> keys = Arbitraries.of("by", "collective", "effective", "terms", "scope", "tags", "unknown",
        "contributedFrom", "language", "extensions", "content", "statements", "source", "schemaVersion");
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 100_000),
        values, keys).as(TreeEdit::new);
  }
}
