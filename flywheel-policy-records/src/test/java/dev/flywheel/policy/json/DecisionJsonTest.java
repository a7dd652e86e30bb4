package dev.flywheel.policy.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.Span;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON shape of decisions and diagnostics, field by field. */
class DecisionJsonTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private final PolicyEngine engine = PolicyEngine.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
      .executor(Runnable::run).build();

  @Test
  void toJsonString_obligationWithEveryDutyKind_exactShape() {
    Decision d = new Decision.Obligation(List.of(
        Duty.Attribution.INSTANCE,
        new Duty.Payment("masakhane", new Duty.Amount(new BigDecimal("0.0020"), "EUR")),
        new Duty.Payment("b", null),
        new Duty.Quota(5000, QuotaPeriod.MONTH, "masakhane")),
        Decision.Basis.EXPLICIT,
        List.of(new dev.flywheel.policy.Reason(dev.flywheel.policy.Layer.collective("masakhane"),
            "pay collective masakhane", new Span(0, 24, 1, 1), "m")),
        true);
    assertEquals("{\"decision\":\"obligation\",\"allowed\":true,\"obligations\":["
        + "{\"type\":\"attribution\"},"
        + "{\"type\":\"payment\",\"collective\":\"masakhane\",\"amount\":\"0.002\",\"currency\":\"EUR\"},"
        + "{\"type\":\"payment\",\"collective\":\"b\",\"amount\":null,\"currency\":null},"
        + "{\"type\":\"quota\",\"limit\":5000,\"period\":\"month\",\"scope\":\"masakhane\"}],"
        + "\"basis\":\"explicit\",\"reasons\":[{\"layer\":\"collective\",\"name\":\"masakhane\","
        + "\"clause\":\"pay collective masakhane\",\"line\":1,\"column\":1,\"offset\":0,\"length\":24,"
        + "\"message\":\"m\"}],\"diagnostics\":[],\"wouldAllowWith\":[]}", DecisionJson.toJsonString(d));
  }

  @Test
  void toJson_denyFromFacts_listsWouldAllowWith() {
    JsonNode json = DecisionJson.toJson(engine.decide("train if open-weights",
        Request.of(Purpose.TRAIN)));
    assertEquals("deny", json.get("decision").asText());
    assertEquals(false, json.get("allowed").asBoolean());
    assertEquals("explicit", json.get("basis").asText());
    assertEquals("[\"open-weights\"]", json.get("wouldAllowWith").toString());
    JsonNode reason = json.get("reasons").get(0);
    assertEquals("terms", reason.get("layer").asText());
    assertEquals("allow train if open-weights", reason.get("clause").asText());
    assertEquals(1, reason.get("line").asInt());
    assertEquals(0, reason.get("offset").asInt());
    assertEquals(21, reason.get("length").asInt());
  }

  @Test
  void toJson_errorDecision_carriesDiagnostics() {
    JsonNode json = DecisionJson.toJson(engine.decide("deny tarin", Request.of(Purpose.TRAIN)));
    assertEquals("error", json.get("basis").asText());
    JsonNode d = json.get("diagnostics").get(0);
    assertEquals("unknown-word", d.get("code").asText());
    assertEquals("error", d.get("severity").asText());
    assertEquals(1, d.get("line").asInt());
    assertEquals(6, d.get("column").asInt());
    assertEquals(5, d.get("offset").asInt());
    assertEquals(5, d.get("length").asInt());
    assertEquals("did you mean 'train'?", d.get("help").asText());
    assertEquals(true, d.get("pointer").isNull());
  }

  @Test
  void toJson_defaultAndLicenceReasons_haveNullClauseAndPosition() {
    JsonNode def = DecisionJson.toJson(engine.decide("deny eval", Request.of(Purpose.TRAIN)));
    assertEquals("default", def.get("basis").asText());
    assertEquals("default", def.get("reasons").get(0).get("layer").asText());
    assertEquals(true, def.get("reasons").get(0).get("clause").isNull());
    assertEquals(true, def.get("reasons").get(0).get("line").isNull());
    JsonNode licence = DecisionJson.toJson(engine.decide(ItemTerms.builder().terms("no-train").licence("CC0-1.0")
        .releasedAt(Instant.parse("2026-01-01T00:00:00Z")).build(), Request.of(Purpose.TRAIN)));
    assertEquals("allow", licence.get("decision").asText());
    assertEquals("licence", licence.get("reasons").get(0).get("layer").asText());
    assertEquals("CC0-1.0", licence.get("reasons").get(0).get("name").asText());
  }

  @Test
  void diagnosticJson_withPointerAndNoSpan_exactShape() {
    Diagnostic d = Diagnostic.of(DiagnosticCode.MISSING_FIELD, "statement has no terms").atPointer("/statements/0");
    assertEquals("{\"code\":\"missing-field\",\"severity\":\"error\",\"message\":\"statement has no terms\","
        + "\"help\":null,\"line\":null,\"column\":null,\"offset\":null,\"length\":null,"
        + "\"pointer\":\"/statements/0\"}", DiagnosticJson.toJson(d).toString());
    assertEquals(2, DiagnosticJson.toJson(List.of(d, d)).size());
  }

  @Test
  void toJson_null_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> DecisionJson.toJson(null));
    assertThrows(NullPointerException.class, () -> DiagnosticJson.toJson((Diagnostic) null));
  }

  @Test
  void toJson_allowedFlag_followsHonouredTypes() {
    Request r = new Request(Purpose.TRAIN, Set.of(Fact.OPEN_WEIGHTS), null,
        Set.of(dev.flywheel.policy.ObligationType.ATTRIBUTION));
    assertEquals(true, DecisionJson.toJson(engine.decide("train if attribution", r)).get("allowed").asBoolean());
    assertEquals("obligation", DecisionJson.toJson(engine.decide("train if attribution", r)).get("decision")
        .asText());
  }
}
