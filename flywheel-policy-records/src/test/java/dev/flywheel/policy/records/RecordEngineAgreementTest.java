package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records and the engine agree. RELIABILITY.md item 19 end to end: the licence warning of the validator says exactly what the engine then does.
 * Where the validator warns that the licence overrides a deny, the engine allows the use although the same terms
 * without the licence deny it; where it does not warn, the terms' deny stands.
 */
class RecordEngineAgreementTest {
  private static final Instant AFTER_RELEASE = Instant.parse("2026-06-01T00:00:00Z");

  private final RecordValidator validator = RecordValidator.withDefaults();
  private final PolicyEngine engine = PolicyEngine.builder().executor(Runnable::run).build();

  record Case(String licence, String terms, List<Fact> facts, boolean warns) {}

  @Test
  void validate_licenceWarning_agreesWithTheEnginesLicenceFloor() {
    List<Case> cases = List.of(
        new Case("CC0-1.0", "no-train", List.of(), true),
        new Case("CC-BY-4.0", "eval-only", List.of(), true),
        new Case("CC-BY-SA-4.0", "deny ai", List.of(), true),
        new Case("CC-BY-3.0", "no-train", List.of(), true),
        new Case("CC-BY-SA-3.0", "no-train", List.of(), true),
        new Case("CC-BY-NC-4.0", "no-train", List.of(Fact.NONCOMMERCIAL), true),
        new Case("CC-BY-NC-SA-4.0", "no-train", List.of(Fact.NONCOMMERCIAL), true),
        new Case("CC0-1.0", "train if open-weights", List.of(), true),
        new Case("MIT", "no-train", List.of(), false),
        new Case("CC-BY-ND-4.0", "no-train", List.of(), false),
        new Case("cc0-1.0", "no-train", List.of(), false),
        new Case("LicenseRef-proprietary", "eval-only", List.of(), false));
    for (Case c : cases) {
      RecordResult result = validator.validate(TestRecords.with(r -> {
        r.put("licence", c.licence());
        r.put("released", "2026-03-01T12:00:00Z");
        r.put("preference", c.terms());
      }));
      assertTrue(result.isValid(), c + " " + result.diagnostics());
      boolean warned = result.diagnostics().stream().anyMatch(d -> d.code() == DiagnosticCode.LICENCE_OVERRIDES_TERMS);
      assertEquals(c.warns(), warned, c.toString());

      ItemTerms item = result.record().orElseThrow().toItemTerms();
      Request train = Request.of(Purpose.TRAIN).at(AFTER_RELEASE).withFacts(c.facts().toArray(Fact[]::new));
      Decision withLicence = engine.decide(item, train);
      Decision termsAlone = engine.decide(new ItemTerms(item.terms(), item.contributedAt(), item.preferenceShifts(),
          item.collectiveStatements(), null, item.collectives(), item.tags(), null, null), train);
      assertEquals(Decision.Kind.DENY, termsAlone.kind(), c + ": the terms alone deny train");
      assertEquals(c.warns(), withLicence.kind() != Decision.Kind.DENY,
          c + ": the licence floor keeps train allowed exactly when the validator warned; got " + withLicence);
    }
  }

  @Test
  void decide_everyValidExampleRecord_neverErrsForAnyPurposeOrTime() throws Exception {
    List<Path> files;
    try (var stream = Files.list(TestRecords.examples())) {
      files = stream.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      ItemTerms item = validator.validate(Files.readAllBytes(file)).record().orElseThrow().toItemTerms();
      for (Purpose purpose : Purpose.values()) {
        for (String at : List.of("2025-01-01T00:00:00Z", "2026-06-15T00:00:00Z", "2028-01-01T00:00:00Z")) {
          Decision d = engine.decide(item, Request.of(purpose).at(Instant.parse(at)));
          assertTrue(d.basis() != Decision.Basis.ERROR, file + " " + purpose + " " + at + ": " + d);
        }
      }
    }
  }
}
