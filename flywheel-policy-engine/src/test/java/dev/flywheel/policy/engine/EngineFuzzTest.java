package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fuzz target: the engine against the main-code semantics, and the semantics against {@link ReferenceModel}. The
 * first four bytes choose the request (purpose, facts, honoured obligations, time near a boundary); the rest are the
 * terms. Valid terms must decide exactly as the semantics say, and the semantics as the model says; invalid ones must
 * deny with basis error. The committed corpus is replayed in every test run.
 */
class EngineFuzzTest {
  private static final DefaultPolicyEngine ENGINE = EngineFixtures.engine();
  private static final TermsParser PARSER = TermsParser.withDefaults();
  private static final Instant[] TIMES = {
      Instant.parse("2026-06-15T12:00:00Z"), Instant.parse("2026-12-31T23:59:59.999999999Z"),
      Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2027-06-01T00:00:00Z"),
      Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z")};

  @FuzzTest(maxDuration = "60s")
  void decide_agreesWithTheReferenceModel(byte[] data) {
    if (data.length < 4) {
      return;
    }
    Request request = request(data);
    String terms = new String(Arrays.copyOfRange(data, 4, data.length), StandardCharsets.UTF_8);
    Decision actual = ENGINE.decide(terms, request);
    ParseResult parsed = PARSER.parse(terms);
    if (!parsed.isValid()) {
      assertEquals(Decision.Basis.ERROR, actual.basis());
      assertEquals(Decision.Kind.DENY, actual.kind());
      return;
    }
    actual.diagnostics().forEach(d -> assertNotEquals(DiagnosticCode.INTERNAL_ERROR, d.code()));
    ReferenceModel.Result expected = ReferenceModel.decide(parsed.policy().orElseThrow(), request,
        EngineFixtures.NOW, DefaultDecision.DENY, TermsPrinter::print);
    Decision semantics = MainSemantics.decide(parsed.policy().orElseThrow(), request, DefaultDecision.DENY);
    assertEquals(semantics, actual, terms);
    assertEquals(expected, ReferenceModel.Result.of(semantics), terms);
  }

  private static Request request(byte[] data) {
    Purpose purpose = Purpose.values()[Math.floorMod(data[0], Purpose.values().length)];
    Set<Fact> facts = EnumSet.noneOf(Fact.class);
    for (Fact f : Fact.values()) {
      if ((data[1] >> f.ordinal() & 1) != 0) {
        facts.add(f);
      }
    }
    Set<ObligationType> honoured = EnumSet.noneOf(ObligationType.class);
    for (ObligationType t : ObligationType.values()) {
      if ((data[2] >> t.ordinal() & 1) != 0) {
        honoured.add(t);
      }
    }
    return new Request(purpose, facts, TIMES[Math.floorMod(data[3], TIMES.length)], honoured);
  }
}
