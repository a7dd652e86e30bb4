package dev.flywheel.policy.filter;

import static dev.flywheel.policy.filter.FilterTestData.MAPPER;
import static dev.flywheel.policy.filter.FilterTestData.collectiveRecord;
import static dev.flywheel.policy.filter.FilterTestData.filter;
import static dev.flywheel.policy.filter.FilterTestData.jsonl;
import static dev.flywheel.policy.filter.FilterTestData.record;
import static dev.flywheel.policy.filter.FilterTestData.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilteredLineJsonTest {

  @Test
  void write_eachLine_oneJsonObjectPerLineWithTheOriginalRecord() throws IOException {
    String allowed = collectiveRecord("r1", "c-1", "m", "allow train if attribution and pay collective m 1 EUR per item");
    String denied = "\uFEFF" + record("r2", "c-1", "eval-only") + " \r";
    String invalid = "{\"schemaVersion\": 1, \"id\": \"bad\"";
    List<FilteredLine> lines = run(filter(Request.of(Purpose.TRAIN).at(Instant.parse("2027-01-01T00:00:00Z"))
            .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT)),
        jsonl(List.of(allowed, denied, invalid))).lines();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FilteredLineJson w = FilteredLineJson.to(bytes)) {
      for (FilteredLine l : lines) {
        w.write(l);
      }
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.endsWith("}\n"));
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.add(MAPPER.readTree(line));
      }
    }
    assertEquals(3, out.size());
    List<String> members = List.of("line", "id", "outcome", "reason", "obligations", "decision", "diagnostics",
        "text", "record");
    for (JsonNode n : out) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      assertEquals(members, names);
    }
    JsonNode a = out.get(0);
    assertEquals(1, a.get("line").asInt());
    assertEquals("allowed", a.get("outcome").asText());
    assertTrue(a.get("reason").isNull());
    assertEquals("attribution", a.get("obligations").get(0).get("type").asText());
    assertEquals("1", a.get("obligations").get(1).get("amount").asText());
    assertEquals("obligation", a.get("decision").get("decision").asText());
    assertEquals(MAPPER.readTree(allowed), a.get("record"));
    JsonNode d = out.get(1);
    assertEquals("denied", d.get("outcome").asText());
    assertEquals("explicit", d.get("reason").asText());
    assertEquals(0, d.get("obligations").size());
    assertEquals(MAPPER.readTree(denied.substring(1)), d.get("record"));
    JsonNode i = out.get(2);
    assertEquals(3, i.get("line").asInt());
    assertEquals("invalid", i.get("outcome").asText());
    assertEquals("invalid-record", i.get("reason").asText());
    assertTrue(i.get("id").isNull());
    assertTrue(i.get("decision").isNull());
    assertTrue(i.get("record").isNull());
    assertEquals(invalid, i.get("text").asText());
    assertEquals("invalid-json", i.get("diagnostics").get(0).get("code").asText());
  }

  @Test
  void write_longInvalidLine_textCutAtTheBound() throws IOException {
    String invalid = "x".repeat(FilteredLineJson.MAX_TEXT_CHARS + 1);
    List<FilteredLine> lines = run(filter(Request.of(Purpose.TRAIN)), jsonl(List.of(invalid))).lines();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FilteredLineJson w = FilteredLineJson.to(bytes)) {
      w.write(lines.get(0));
    }
    JsonNode n = MAPPER.readTree(bytes.toString(StandardCharsets.UTF_8));
    assertEquals(FilteredLineJson.MAX_TEXT_CHARS, n.get("text").asText().length());
  }

  @Test
  void ledgerJson_everyReasonListed_andSumsMatch() {
    Ledger l = run(filter(Request.of(Purpose.TRAIN).at(Instant.parse("2027-01-01T00:00:00Z"))),
        jsonl(List.of(record("r1", "c-1", "train if attribution"), "oops", record("r3", "c-1", "allow train"))))
        .ledger();
    JsonNode n = LedgerJson.toJson(l);
    assertEquals(DenialReason.values().length, n.get("reasons").size());
    assertEquals(1, n.get("reasons").get("obligation-not-honoured").asLong());
    assertEquals(1, n.get("reasons").get("invalid-record").asLong());
    assertEquals(3, n.get("records").get("read").asLong());
    assertEquals(1, n.get("records").get("allowed").asLong());
    String summary = LedgerJson.summary(l);
    assertTrue(summary.contains("obligation-not-honoured"), summary);
    assertTrue(summary.matches("(?s).*records read\\s+3\n.*"), summary);
  }
}
