package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.time.Instant;

/**
 * Fuzz target for the record validator: any bytes give a result (never an exception, never an internal error), a
 * record exactly when there is no error, and a valid record always decides without an error. The committed corpus
 * is replayed in every test run.
 */
class RecordValidatorFuzzTest {
  private static final RecordValidator VALIDATOR = RecordValidator.withDefaults();
  private static final PolicyEngine ENGINE = PolicyEngine.builder().build();
  private static final Instant AT = Instant.parse("2027-03-01T00:00:00Z");

  @FuzzTest(maxDuration = "60s")
  void validate_anyBytes_keepsItsContract(byte[] data) {
    RecordResult result = VALIDATOR.validate(data);
    assertEquals(result.isValid(), result.errors().isEmpty());
    for (Diagnostic d : result.diagnostics()) {
      assertNotEquals(DiagnosticCode.INTERNAL_ERROR, d.code(), d::message);
    }
    result.record().ifPresent(record -> {
      for (Purpose p : Purpose.values()) {
        Decision decision = ENGINE.decide(record.toItemTerms(), Request.of(p).at(AT));
        assertNotEquals(Decision.Basis.ERROR, decision.basis(), () -> decision.diagnostics().toString());
      }
    });
  }
}
