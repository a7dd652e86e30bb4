package dev.flywheel.policy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The case-file schema spells the vocabulary out as JSON Schema {@code enum} lists, which a schema cannot import from
 * Java. These tests keep each list equal, in order, to its enum's words, so adding a purpose, fact, obligation type or
 * quota period to the api fails here until the schema lists it too.
 */
class CaseSchemaVocabularyTest {
  private static final Path SCHEMA = Path.of("suite", "case-file.schema.json");

  private static JsonNode defs() throws IOException {
    return new ObjectMapper().readTree(SCHEMA.toFile()).get("$defs");
  }

  private static List<String> enumAt(JsonNode node) {
    List<String> words = new ArrayList<>();
    node.get("enum").forEach(w -> words.add(w.asText()));
    return words;
  }

  private static <E> List<String> words(E[] values, Function<E, String> word) {
    return Stream.of(values).map(word).toList();
  }

  @Test
  void schemaPurposeEnum_equalsPurposeWords() throws IOException {
    assertEquals(words(Purpose.values(), Purpose::word), enumAt(defs().get("purpose")));
  }

  @Test
  void schemaFactEnum_equalsFactWords() throws IOException {
    assertEquals(words(Fact.values(), Fact::word), enumAt(defs().get("fact")));
  }

  @Test
  void schemaObligationTypeEnum_equalsObligationTypeWords() throws IOException {
    assertEquals(words(ObligationType.values(), ObligationType::word), enumAt(defs().get("obligationType")));
  }

  @Test
  void schemaQuotaPeriodEnum_equalsQuotaPeriodWords() throws IOException {
    JsonNode period = defs().get("quotaDuty").get("properties").get("period");
    assertEquals(words(QuotaPeriod.values(), QuotaPeriod::word), enumAt(period));
  }

  @Test
  void schemaDutyTypes_coverEveryObligationType() throws IOException {
    // Each duty shape pins its type with a const; together they must be the obligation types.
    List<String> consts = new ArrayList<>();
    for (String shape : List.of("attributionDuty", "paymentDuty", "quotaDuty")) {
      consts.add(defs().get(shape).get("properties").get("type").get("const").asText());
    }
    assertEquals(words(ObligationType.values(), ObligationType::word), consts);
  }

  @Test
  void schemaJarCopy_isTheSuiteSchema() throws IOException {
    // The command line validates against the class-path copy; it must be the file these tests read.
    try (var in = CaseSchema.class.getResourceAsStream(CaseSchema.RESOURCE)) {
      assertEquals(new ObjectMapper().readTree(SCHEMA.toFile()), new ObjectMapper().readTree(in));
    }
  }
}
