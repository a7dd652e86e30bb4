package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.records.JsonLinesReader;
import dev.flywheel.policy.records.LineResult;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/contributions.jsonl}: committed, reproducible from the generator, and the counts the README
 * quotes are the counts an independent re-decision of every record gives.
 */
class ExampleDatasetTest {
  static final Path EXAMPLE = Path.of("../examples/contributions.jsonl");

  @Test
  void example_isTheGeneratorOutputForItsSeed_andUnder900KB() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GeneratedDataset.write(out, GeneratedDataset.EXAMPLE_RECORDS, GeneratedDataset.EXAMPLE_SEED);
    byte[] committed = Files.readAllBytes(EXAMPLE);
    assertArrayEquals(out.toByteArray(), committed,
        "regenerate with: bin/flywheel-policy generate --records 2000 --seed 20270301 --out examples/contributions.jsonl");
    assertTrue(committed.length < 900 * 1024, "example is " + committed.length + " bytes");
  }

  @Test
  void filter_example_countsEqualAnIndependentRedecision() throws Exception {
    Instant at = Instant.parse("2027-03-01T00:00:00Z");
    Request request = Request.of(Purpose.TRAIN).at(at)
        .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA);
    PolicyEngine engine = PolicyEngine.builder().build();
    long read = 0;
    long allowed = 0;
    long withObligations = 0;
    long invalid = 0;
    Map<String, Long> reasons = new TreeMap<>();
    Map<String, Long> used = new HashMap<>();
    try (InputStream in = Files.newInputStream(EXAMPLE);
        JsonLinesReader reader = JsonLinesReader.open(in, RecordValidator.withDefaults())) {
      for (LineResult line = reader.next(); line != null; line = reader.next()) {
        read++;
        if (!line.isValid()) {
          invalid++;
          reasons.merge("invalid-record", 1L, Long::sum);
          continue;
        }
        ContributionRecord record = line.record().orElseThrow();
        Decision d = engine.decide(record.toItemTerms(), request);
        if (d.kind() == Decision.Kind.DENY) {
          reasons.merge(d.basis().word(), 1L, Long::sum);
          continue;
        }
        if (!d.isAllowed()) {
          reasons.merge("obligation-not-honoured", 1L, Long::sum);
          continue;
        }
        boolean overCap = false;
        for (Duty duty : d.obligations()) {
          if (duty instanceof Duty.Quota q && used.getOrDefault(owner(q, record), 0L) >= q.limit()) {
            overCap = true;
          }
        }
        if (overCap) {
          reasons.merge("quota", 1L, Long::sum);
          continue;
        }
        for (Duty duty : d.obligations()) {
          if (duty instanceof Duty.Quota q) {
            used.merge(owner(q, record), 1L, Long::sum);
          }
        }
        allowed++;
        if (!d.obligations().isEmpty()) {
          withObligations++;
        }
      }
    }
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--honour", "attribution", "--honour",
        "payment", "--honour", "quota", "--at", "2027-03-01", "--in", EXAMPLE.toString(), "--format", "json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode ledger = Json.MAPPER.readTree(r.out());
    JsonNode records = ledger.get("records");
    assertEquals(read, records.get("read").asLong());
    assertEquals(allowed, records.get("allowed").asLong());
    assertEquals(withObligations, records.get("withObligations").asLong());
    assertEquals(invalid, records.get("invalid").asLong());
    Map<String, Long> ledgerReasons = new TreeMap<>();
    ledger.get("reasons").fields().forEachRemaining(e -> {
      if (e.getValue().asLong() > 0) {
        ledgerReasons.put(e.getKey(), e.getValue().asLong());
      }
    });
    assertEquals(reasons, ledgerReasons);
    // The example exercises what it claims to: a reached monthly cap, invalid lines, explicit and default denies.
    for (String reason : List.of("quota", "invalid-record", "explicit", "default")) {
      assertTrue(reasons.getOrDefault(reason, 0L) > 0, reason);
    }
    assertEquals(2000, read);
  }

  private static String owner(Duty.Quota q, ContributionRecord record) {
    return (q.scope() == null ? "contributor:" + record.contributor() : "collective:" + q.scope()) + ":" + q.period();
  }
}
