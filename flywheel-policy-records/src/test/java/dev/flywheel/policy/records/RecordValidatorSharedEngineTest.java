package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.terms.TermsLimits;
import dev.flywheel.policy.testkit.CountingEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A validator made with the deciding engine parses terms through it ({@code prepare}), once per distinct text, and
 * validates exactly as a validator with its own parser does.
 */
class RecordValidatorSharedEngineTest {

  private static final List<String> TERMS = List.of(
      "train if attribution", "eval-only", "deny train until 2027-01-01; allow eval", "no-train", "deny ai; allow eval");

  private static String record(int n) {
    return TestRecords.with(r -> {
      r.put("id", "rec-" + n);
      r.put("preference", TERMS.get(n % TERMS.size()));
    });
  }

  @Test
  void validate_thousandRecordsOverFiveTermsTexts_engineParsesEachTextOnceThroughPrepare() {
    CountingEngine engine = new CountingEngine();
    RecordValidator validator = RecordValidator.create(RecordLimits.DEFAULTS, engine);
    for (int n = 0; n < 1000; n++) {
      assertTrue(validator.validate(record(n)).isValid(), record(n));
    }
    assertEquals(TERMS.size(), engine.prepares());
    assertEquals(0, engine.parses());
  }

  @Test
  void validate_sharedEngine_sameResultsAsOwnParserForExamplesAndInvalidTerms() throws Exception {
    List<String> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(TestRecords.examples())) {
      for (Path file : files.sorted().toList()) {
        if (file.toString().endsWith(".jsonl")) {
          for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
              records.add(line);
            }
          }
        } else {
          records.add(Files.readString(file));
        }
      }
    }
    for (int n = 0; n < TERMS.size(); n++) {
      records.add(record(n));
    }
    records.add(TestRecords.with(r -> r.put("preference", "deny trian")));
    records.add(TestRecords.with(r -> r.put("preference", "allow  train ;eval-only")));
    records.add(TestRecords.with(r -> r.put("preference", "x".repeat(5000))));
    RecordValidator own = RecordValidator.withDefaults();
    RecordValidator shared = RecordValidator.create(RecordLimits.DEFAULTS, PolicyEngine.builder().build());
    for (String line : records) {
      assertEquals(own.validate(line), shared.validate(line), line);
    }
  }

  @Test
  void termsLimits_ownParserReportsItsLimits_sharedEngineReportsNone() {
    assertEquals(Optional.of(TermsLimits.DEFAULTS), RecordValidator.withDefaults().termsLimits());
    assertFalse(RecordValidator.create(RecordLimits.DEFAULTS, PolicyEngine.builder().build())
        .termsLimits().isPresent());
  }
}
