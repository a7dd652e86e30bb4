package dev.flywheel.policy.filter;

import static dev.flywheel.policy.filter.FilterTestData.collectiveRecord;
import static dev.flywheel.policy.filter.FilterTestData.filter;
import static dev.flywheel.policy.filter.FilterTestData.jsonl;
import static dev.flywheel.policy.filter.FilterTestData.record;
import static dev.flywheel.policy.filter.FilterTestData.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FilteredLineJson#write} splices a valid line's output from kept parts; it must give exactly the bytes of the
 * full serialisation, {@link FilteredLineJson#writeTree}, for every line.
 */
class FilteredLineJsonSplicingTest {

  private static final Request TRAIN = Request.of(Purpose.TRAIN).at(Instant.parse("2027-03-01T00:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA);

  @Test
  void write_generatedDataset_sameBytesAsFullSerialisation() throws IOException {
    List<FilteredLine> lines = run(filter(TRAIN), GeneratedDataset.jsonl(5_000, 7)).lines();
    assertTrue(lines.stream().anyMatch(l -> l.outcome() == Outcome.INVALID));
    assertTrue(lines.stream().anyMatch(l -> l.reason().orElse(null) == DenialReason.QUOTA));
    assertSameBytes(lines);
  }

  @Test
  void write_oddButValidLines_sameBytesAsFullSerialisation() throws IOException {
    List<String> input = List.of(
        "\uFEFF" + record("bom", "c-1", "eval-only") + " \t\r",
        " \t" + record("leading-blanks", "c-1", "allow train if attribution"),
        record("quote\"and\\backslash", "c-2", "allow train"),
        record("control\u0001\n\ttab", "c-2", "allow train"),
        record("unicode-\u00e9\u4e2d\uD83D\uDE00", "c-3", "no-train"),
        record("x".repeat(300), "c-3", "allow train"),
        collectiveRecord("pays", "c-4", "m", "allow train if attribution and pay collective m 1 EUR per item"),
        "{\"schemaVersion\": 1, \"id\": \"bad\"",
        "",
        "{\"id\":\"\u00ff\"}");
    List<FilteredLine> lines = run(filter(TRAIN), jsonl(input)).lines();
    assertEquals(input.size(), lines.size());
    assertSameBytes(lines);
  }

  @Test
  void write_moreDistinctDecisionsThanKept_sameBytesAsFullSerialisation() throws IOException {
    List<String> input = new ArrayList<>();
    int distinct = FilteredLineJson.MAX_MIDDLES + 500;
    for (int i = 0; i < distinct; i++) {
      // Each price is a distinct decision, so the kept parts overflow and are made again.
      input.add(collectiveRecord("r" + i, "c-" + (i % 50), "m",
          "allow train if attribution and pay collective m " + (i + 1) + " EUR per item"));
    }
    for (int i = 0; i < 200; i++) { // and back to the first ones, forgotten by now
      input.add(collectiveRecord("again" + i, "c-" + i, "m",
          "allow train if attribution and pay collective m " + (i + 1) + " EUR per item"));
    }
    List<FilteredLine> lines = run(filter(TRAIN), jsonl(input)).lines();
    assertEquals(input.size(), lines.stream().filter(FilteredLine::isAllowed).count());
    assertSameBytes(lines);
  }

  private static void assertSameBytes(List<FilteredLine> lines) throws IOException {
    ByteArrayOutputStream spliced = new ByteArrayOutputStream();
    try (FilteredLineJson w = FilteredLineJson.to(spliced)) {
      for (FilteredLine l : lines) {
        w.write(l);
      }
    }
    ByteArrayOutputStream full = new ByteArrayOutputStream();
    try (JsonGenerator gen = new ObjectMapper().getFactory().createGenerator(full)) {
      gen.setRootValueSeparator(null);
      for (FilteredLine l : lines) {
        FilteredLineJson.writeTree(gen, l);
      }
    }
    String[] expected = full.toString(StandardCharsets.UTF_8).split("\n", -1);
    String[] actual = spliced.toString(StandardCharsets.UTF_8).split("\n", -1);
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], "line " + (i + 1));
    }
    assertArrayEquals(full.toByteArray(), spliced.toByteArray());
  }
}
