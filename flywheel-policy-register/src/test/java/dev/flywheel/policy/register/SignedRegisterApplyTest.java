package dev.flywheel.policy.register;

import dev.flywheel.policy.register.testing.SignedRegister;
import static dev.flywheel.policy.register.TestLog.bytes;
import static dev.flywheel.policy.register.TestLog.edit;
import static dev.flywheel.policy.register.TestLog.honest;
import static dev.flywheel.policy.register.TestLog.record;
import static dev.flywheel.policy.register.TestLog.statements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.json.DecisionJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A register signed, written and verified for real, then applied: releases (rule 7) and refusal (rule 1). */
class SignedRegisterApplyTest {
  private static final PolicyEngine ENGINE = PolicyEngine.builder().build();
  private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir
  Path dir;

  private static RegisterRuling rule(Register register, ObjectNode node, Purpose purpose, boolean requireRelease) {
    Request request = Request.of(purpose).at(AT);
    return register.apply(record(node), bytes(node), AT).decide(ENGINE, request, requireRelease);
  }

  private SignedRegister released(ObjectNode... records) throws Exception {
    SignedRegister reg = new SignedRegister(dir.resolve("reg"));
    reg.admit(RegisterEntry.STEWARD, "2026-01-01T00:00:00Z");
    reg.admit("masakhane", "2026-01-01T00:00:00Z");
    reg.statement("masakhane", "2026-01-02T00:00:00Z", "deny train until 2027-01-01", null);
    reg.roster("masakhane", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z", List.of("c-1"));
    List<String> digests = new java.util.ArrayList<>();
    for (ObjectNode r : records) {
      digests.add(RecordDigest.of(bytes(r)));
    }
    reg.release("2026-03", "2026-03-02T00:00:00Z", digests);
    return reg;
  }

  @Test
  void decide_requireRelease_preferenceLoosenedAfterRelease_deniedUnreleased() throws Exception {
    ObjectNode honest = honest();
    Register register = released(honest).register();
    ObjectNode loosened = edit(honest, n -> n.put("preference", "allow any"));
    RegisterRuling ruling = rule(register, loosened, Purpose.EVAL, true);
    assertEquals(RegisterRuling.Effect.UNRELEASED, ruling.effect());
    Decision.Deny deny = assertInstanceOf(Decision.Deny.class, ruling.decision());
    assertEquals(Decision.Basis.EXPLICIT, deny.basis());
    assertEquals(Layer.REGISTER, deny.reasons().get(0).layer());
    assertTrue(rule(register, honest, Purpose.EVAL, true).decision().isAllowed(), "the released record is used");
    assertTrue(rule(register, loosened, Purpose.EVAL, false).decision().isAllowed(),
        "without --require-release the edited copy is decided as it is");
    assertEquals(false, rule(register, loosened, Purpose.EVAL, false).match().inRelease());
  }

  @Test
  void decide_requireRelease_reformattedReleasedRecord_stillInRelease() throws Exception {
    ObjectNode honest = honest();
    Register register = released(honest).register();
    String pretty = TestLog.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(honest).replace("\n", " ");
    byte[] json = pretty.getBytes(StandardCharsets.UTF_8);
    RegisterMatch match = register.apply(TestLog.VALIDATOR.validate(json).record().orElseThrow(), json, AT);
    assertTrue(match.inRelease());
  }

  @Test
  void decide_requireRelease_licenceChangedToCc0_deniedWithoutFloor() throws Exception {
    ObjectNode honest = edit(honest(), n -> statements(n).removeAll());
    Register register = released(honest).register();
    ObjectNode relicensed = edit(honest, n -> {
      n.put("licence", "CC0-1.0");
      n.put("preference", "deny any");
    });
    RegisterRuling ruling = rule(register, relicensed, Purpose.TRAIN, true);
    assertEquals(Decision.Kind.DENY, ruling.decision().kind(), "a forged licence gives no floor");
    assertEquals(RegisterRuling.Effect.UNRELEASED, ruling.effect());
  }

  @Test
  void apply_signedRegister_forgeriesDecideAsHonestRecord() throws Exception {
    ObjectNode honest = honest();
    Register register = released(honest).register();
    List<ObjectNode> forgeries = List.of(
        edit(honest, n -> statements(n).removeAll()),
        edit(honest, n -> n.putArray("collectives")),
        edit(honest, n -> statements(n).addObject().put("by", "collective").put("collective", "masakhane")
            .put("terms", "allow train")));
    String expected = DecisionJson.toJsonString(rule(register, honest, Purpose.TRAIN, false).decision());
    assertEquals(Decision.Kind.DENY, rule(register, honest, Purpose.TRAIN, false).decision().kind());
    for (ObjectNode forged : forgeries) {
      assertEquals(expected, DecisionJson.toJsonString(rule(register, forged, Purpose.TRAIN, false).decision()),
          forged.toString());
    }
  }

  @Test
  void load_oneChangedByteInLog_refusedWhole() throws Exception {
    SignedRegister reg = released(honest());
    Path entries = reg.dir.resolve("entries.jsonl");
    byte[] log = Files.readAllBytes(entries);
    int at = log.length / 2;
    log[at] = (byte) (log[at] == 'A' ? 'B' : 'A');
    Files.write(entries, log);
    Register.Refused refused = assertInstanceOf(Register.Refused.class, reg.load());
    assertTrue(refused.seq() >= 0 || !refused.code().isEmpty(), refused.toString());
  }
}
