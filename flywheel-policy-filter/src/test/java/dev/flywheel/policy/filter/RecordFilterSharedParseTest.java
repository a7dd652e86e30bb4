package dev.flywheel.policy.filter;

import static dev.flywheel.policy.filter.FilterTestData.collectiveRecord;
import static dev.flywheel.policy.filter.FilterTestData.jsonl;
import static dev.flywheel.policy.filter.FilterTestData.record;
import static dev.flywheel.policy.filter.FilterTestData.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.testkit.CountingEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * By default a filter validates with its own engine, so the terms of its records reach one parser, one cache: each
 * distinct text is prepared once and never parsed apart from it, and the lines are those of a filter whose validator
 * parses for itself.
 */
class RecordFilterSharedParseTest {
  private static final Request TRAIN = Request.of(Purpose.TRAIN).at(Instant.parse("2027-03-15T10:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION, ObligationType.QUOTA);
  private static final List<String> TERMS = List.of(
      "train if attribution", "eval-only", "deny train until 2027-01-01; allow eval", "allow train if limit 3 per day",
      "deny ai; allow eval", "deny trian");

  private static byte[] input() {
    List<String> lines = new ArrayList<>();
    for (int n = 0; n < 600; n++) {
      String terms = TERMS.get(n % TERMS.size());
      lines.add(n % 2 == 0 ? record("rec-" + n, "c-" + n, terms)
          : collectiveRecord("rec-" + n, "c-" + n, "group", terms));
    }
    return jsonl(lines);
  }

  @Test
  void filter_defaultValidator_preparesEachDistinctTermsTextOnceInTheFiltersEngine() {
    CountingEngine engine = new CountingEngine();
    run(RecordFilter.builder(engine).request(TRAIN).build(), input());
    // Each of TERMS, and "allow train, eval", the preference of every collective record.
    assertEquals(TERMS.size() + 1, engine.prepares());
    assertEquals(0, engine.parses());
  }

  @Test
  void filter_defaultValidator_sameLinesAndLedgerAsAValidatorWithItsOwnParser() throws IOException {
    PolicyEngine engine = PolicyEngine.builder().executor(Runnable::run).build();
    FilterTestData.Run shared = run(RecordFilter.builder(engine).request(TRAIN).build(), input());
    FilterTestData.Run own = run(RecordFilter.builder(PolicyEngine.builder().executor(Runnable::run).build())
        .validator(RecordValidator.withDefaults()).request(TRAIN).build(), input());
    assertEquals(json(own), json(shared));
    assertEquals(LedgerJson.toJson(own.ledger()), LedgerJson.toJson(shared.ledger()));
  }

  /** Every line as `flywheel-policy filter` writes it: outcome, reasons, decision, diagnostics and record. */
  private static String json(FilterTestData.Run run) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FilteredLineJson writer = FilteredLineJson.to(out)) {
      for (FilteredLine line : run.lines()) {
        writer.write(line);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
