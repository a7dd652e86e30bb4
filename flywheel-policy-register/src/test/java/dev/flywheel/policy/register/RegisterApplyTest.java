package dev.flywheel.policy.register;

import static dev.flywheel.policy.register.TestLog.bytes;
import static dev.flywheel.policy.register.TestLog.edit;
import static dev.flywheel.policy.register.TestLog.honest;
import static dev.flywheel.policy.register.TestLog.record;
import static dev.flywheel.policy.register.TestLog.statements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.json.DecisionJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules 2 to 6 of docs/LANGUAGE.md section 10.4: what a verified register does to records and their decisions. */
class RegisterApplyTest {
  private static final PolicyEngine ENGINE = PolicyEngine.builder().build();
  private static final List<Purpose> PURPOSES = List.of(Purpose.TRAIN, Purpose.EVAL, Purpose.TRAIN_GENAI,
      Purpose.SEARCH);
  private static final List<String> TIMES = List.of("2026-06-01T00:00:00Z", "2027-06-01T00:00:00Z");

  /** masakhane has a key, publishes its embargo and its roster (c-1 and c-2). */
  private static Register masakhanePublishes() {
    TestLog log = new TestLog();
    log.admit("masakhane", "2026-01-01T00:00:00Z");
    log.statement("masakhane", "2026-01-02T00:00:00Z", "deny train until 2027-01-01", null);
    log.roster("masakhane", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z", "c-1", "c-2");
    return log.register();
  }

  private static String decide(Register register, ObjectNode node, Purpose purpose, String at) {
    Request request = Request.of(purpose).at(Instant.parse(at)).honouring(ObligationType.values());
    Decision d = register == null
        ? ENGINE.decide(record(node).toItemTerms(), request)
        : register.apply(record(node), bytes(node), request.at()).decide(ENGINE, request, false).decision();
    return DecisionJson.toJsonString(d);
  }

  private static List<String> decisions(Register register, ObjectNode node) {
    List<String> out = new ArrayList<>();
    for (String at : TIMES) {
      for (Purpose p : PURPOSES) {
        out.add(p.word() + "@" + at + " " + decide(register, node, p, at));
      }
    }
    return out;
  }

  private static void assertForgeryUndone(ObjectNode honestRecord, ObjectNode forged) {
    Register register = masakhanePublishes();
    assertNotEquals(decisions(null, honestRecord), decisions(null, forged),
        "without the register the forgery changes some decision");
    assertEquals(decisions(null, honestRecord), decisions(register, honestRecord),
        "the honest record carries what the register says");
    assertEquals(decisions(register, honestRecord), decisions(register, forged));
  }

  @Test
  void apply_embeddedDenyRemoved_decidesAsHonestRecord() {
    ObjectNode forged = edit(honest(), n -> statements(n).removeAll());
    assertForgeryUndone(honest(), forged);
  }

  @Test
  void apply_collectiveDroppedFromRecord_decidesAsHonestRecordByRoster() {
    ObjectNode forged = edit(honest(), n -> n.putArray("collectives"));
    assertForgeryUndone(honest(), forged);
  }

  @Test
  void apply_fakeCollectiveAllowInserted_decidesAsHonestRecord() {
    ObjectNode honestEvalOnly = edit(honest(), n -> n.put("preference", "allow eval"));
    ObjectNode forged = edit(honestEvalOnly, n -> statements(n).addObject().put("by", "collective")
        .put("collective", "masakhane").put("terms", "allow train if pay collective masakhane"));
    assertForgeryUndone(honestEvalOnly, forged);
  }

  @Test
  void apply_embeddedStatementsOfKeyedCollective_countedAsIgnored() {
    Register register = masakhanePublishes();
    ObjectNode node = edit(honest(), n -> statements(n).addObject().put("by", "collective")
        .put("collective", "karya").put("terms", "attribution"));
    RegisterMatch match = register.apply(record(node), bytes(node), Instant.parse("2026-06-01T00:00:00Z"));
    assertEquals(1, match.embeddedIgnored(), "masakhane's embedded statement, not karya's (no key)");
    assertEquals(Set.of("masakhane"), match.terms().collectives());
    assertEquals(2, match.terms().collectiveStatements().size(), "karya's embedded one and masakhane's register one");
  }

  @Test
  void apply_rosterInForce_decidesMembershipBothWays() {
    Register register = masakhanePublishes();
    Instant at = Instant.parse("2026-06-01T00:00:00Z");
    ObjectNode outsider = edit(honest(), n -> n.put("contributor", "c-9"));
    assertEquals(Set.of(), register.apply(record(outsider), bytes(outsider), at).terms().collectives(),
        "a claim of membership by a contributor not on the roster is ignored");
    ObjectNode unclaimed = edit(honest(), n -> n.putArray("collectives").add("karya"));
    assertEquals(Set.of("karya", "masakhane"),
        register.apply(record(unclaimed), bytes(unclaimed), at).terms().collectives(),
        "a rostered contributor belongs whatever the record says; a claim on an unrostered collective stands");
  }

  @Test
  void apply_keyedCollectiveWithoutRoster_keepsRecordsClaim() {
    TestLog log = new TestLog();
    log.admit("masakhane", "2026-01-01T00:00:00Z");
    log.statement("masakhane", "2026-01-02T00:00:00Z", "deny eval", null);
    Register register = log.register();
    ObjectNode dropped = edit(honest(), n -> n.putArray("collectives"));
    RegisterMatch match = register.apply(record(dropped), bytes(dropped), Instant.parse("2026-06-01T00:00:00Z"));
    assertEquals(Set.of(), match.terms().collectives());
    assertEquals(1, match.embeddedIgnored());
    assertEquals("allow", kind(register, honest(), Purpose.TRAIN, "2026-06-01T00:00:00Z"),
        "masakhane's embedded embargo is ignored: the register says only 'deny eval'");
    assertEquals("deny", kind(register, honest(), Purpose.EVAL, "2026-06-01T00:00:00Z"));
  }

  private static String kind(Register register, ObjectNode node, Purpose purpose, String at) {
    Request request = Request.of(purpose).at(Instant.parse(at));
    return register.apply(record(node), bytes(node), request.at()).decide(ENGINE, request, false).decision().kind()
        .word();
  }

  @Test
  void apply_oldSnapshotPlusRegister_decidesAsRefreshedSnapshot() {
    // The snapshot was taken when masakhane allowed training; then it struck.
    ObjectNode old = edit(honest(), n -> {
      statements(n).removeAll();
      statements(n).addObject().put("by", "collective").put("collective", "masakhane")
          .put("terms", "allow train if pay collective masakhane");
    });
    ObjectNode refreshed = edit(honest(), n -> {
      statements(n).removeAll();
      statements(n).addObject().put("by", "collective").put("collective", "masakhane").put("terms", "deny train");
    });
    TestLog log = new TestLog();
    log.admit("masakhane", "2026-01-01T00:00:00Z");
    long allow = log.statement("masakhane", "2026-01-02T00:00:00Z", "allow train if pay collective masakhane", null);
    log.statement("masakhane", "2026-09-01T00:00:00Z", "deny train", null, allow);
    Register register = log.register();
    List<String> after = List.of("2026-09-01T00:00:00Z", "2027-06-01T00:00:00Z");
    for (String at : after) {
      for (Purpose p : PURPOSES) {
        assertEquals(decide(null, refreshed, p, at), decide(register, old, p, at), p + " at " + at);
      }
    }
    assertEquals("deny", kind(register, old, Purpose.TRAIN, "2026-09-01T00:00:00Z"));
  }

  @Test
  void apply_pastTime_seesRegisterAsItWas() {
    ObjectNode old = edit(honest(), n -> {
      statements(n).removeAll();
      statements(n).addObject().put("by", "collective").put("collective", "masakhane").put("terms", "allow train");
    });
    TestLog log = new TestLog();
    log.admit("masakhane", "2026-01-01T00:00:00Z");
    long allow = log.statement("masakhane", "2026-01-02T00:00:00Z", "allow train", null);
    // The strike is issued on 2026-09-01 and takes effect on 2026-10-01.
    log.statement("masakhane", "2026-09-01T00:00:00Z", "deny train", "2026-10-01T00:00:00Z", allow);
    Register register = log.register();
    assertEquals("allow", kind(register, old, Purpose.TRAIN, "2026-08-31T00:00:00Z"), "before it was issued");
    assertEquals("allow", kind(register, old, Purpose.TRAIN, "2026-09-15T00:00:00Z"),
        "issued but not yet effective: the superseded allow still counts");
    assertEquals("deny", kind(register, old, Purpose.TRAIN, "2026-10-01T00:00:00Z"), "from its effective time");
    assertEquals(decide(null, old, Purpose.TRAIN, "2026-08-31T00:00:00Z"),
        decide(register, old, Purpose.TRAIN, "2026-08-31T00:00:00Z"));
  }

  @Test
  void apply_statementIssuedBeforeAdmission_doesNotCountBeforeKey() {
    TestLog log = new TestLog();
    log.admit("masakhane", "2026-05-01T00:00:00Z");
    log.statement("masakhane", "2026-05-02T00:00:00Z", "deny train", null);
    Register register = log.register();
    ObjectNode noStatements = edit(honest(), n -> statements(n).removeAll());
    assertEquals("allow", kind(register, noStatements, Purpose.TRAIN, "2026-04-01T00:00:00Z"),
        "before masakhane's key was admitted the register says nothing about it");
    assertEquals("deny", kind(register, noStatements, Purpose.TRAIN, "2026-05-02T00:00:00Z"));
  }

  @Test
  void apply_revokedStatement_neverCounts() {
    TestLog log = new TestLog();
    log.admit("masakhane", "2026-01-01T00:00:00Z");
    long forged = log.statement("masakhane", "2026-02-01T00:00:00Z", "allow train", null);
    log.revoke(forged);
    Register register = log.register();
    ObjectNode node = edit(honest(), n -> {
      statements(n).removeAll();
      n.put("preference", "allow eval");
    });
    assertEquals("deny", kind(register, node, Purpose.TRAIN, "2026-06-01T00:00:00Z"));
  }

  @Test
  void apply_scopedRegisterStatement_decidedLikeEmbeddedOne() {
    TestLog log = new TestLog();
    log.admit("masakhane", "2026-01-01T00:00:00Z");
    log.statement("masakhane", "2026-01-02T00:00:00Z", "no-train", null,
        new RegisterEntry.Scope(Instant.parse("2026-02-01T00:00:00Z"), null, List.of("language:yo")));
    Register register = log.register();
    ObjectNode yoruba = edit(honest(), n -> statements(n).removeAll());
    ObjectNode hausa = edit(yoruba, n -> ((ObjectNode) n.get("tags")).put("language", "ha"));
    ObjectNode older = edit(yoruba, n -> ((ObjectNode) n.get("provenance")).put("created", "2026-01-15T00:00:00Z"));
    assertEquals("deny", kind(register, yoruba, Purpose.TRAIN, "2026-06-01T00:00:00Z"));
    assertEquals("allow", kind(register, hausa, Purpose.TRAIN, "2026-06-01T00:00:00Z"), "tag outside the scope");
    assertEquals("allow", kind(register, older, Purpose.TRAIN, "2026-06-01T00:00:00Z"), "contributed before it");
  }

  @Test
  void decide_collectiveWithdrawal_coversOnlyItsRostersItems() {
    TestLog log = new TestLog();
    log.admit("masakhane", "2026-01-01T00:00:00Z");
    log.roster("masakhane", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z", "c-1");
    long seq = log.withdraw("masakhane", "2026-05-01T00:00:00Z", "2026-05-01T00:00:00Z", List.of("rec-1", "rec-9"),
        List.of());
    Register register = log.register();
    ObjectNode member = edit(honest(), n -> statements(n).removeAll());
    ObjectNode outsider = edit(member, n -> {
      n.put("id", "rec-9");
      n.put("contributor", "c-9");
    });
    Request request = Request.of(Purpose.EVAL).at(Instant.parse("2026-06-01T00:00:00Z"));
    RegisterRuling ruling = register.apply(record(member), bytes(member), request.at()).decide(ENGINE, request, false);
    assertEquals(RegisterRuling.Effect.WITHDRAWN, ruling.effect());
    Decision.Deny deny = (Decision.Deny) ruling.decision();
    assertEquals(Decision.Basis.EXPLICIT, deny.basis());
    assertEquals(List.of(Layer.registerEntry(seq)), deny.reasons().stream().map(r -> r.layer()).toList());
    RegisterRuling other = register.apply(record(outsider), bytes(outsider), request.at())
        .decide(ENGINE, request, false);
    assertEquals(RegisterRuling.Effect.NONE, other.effect(), "rec-9's contributor is not on masakhane's roster");
    assertTrue(other.decision().isAllowed());
    assertEquals("allow", kind(register, member, Purpose.EVAL, "2026-04-30T00:00:00Z"), "before it takes effect");
  }

  @Test
  void decide_stewardWithdrawalByContributor_coversAnyItem() {
    TestLog log = new TestLog();
    log.admit("steward", "2026-01-01T00:00:00Z");
    long seq = log.withdraw("steward", "2026-05-01T00:00:00Z", "2026-05-01T00:00:00Z", List.of(), List.of("c-9"));
    Register register = log.register();
    ObjectNode node = edit(honest(), n -> {
      statements(n).removeAll();
      n.put("contributor", "c-9");
      n.putArray("collectives");
    });
    Request request = Request.of(Purpose.SEARCH).at(Instant.parse("2026-06-01T00:00:00Z"));
    RegisterRuling ruling = register.apply(record(node), bytes(node), request.at()).decide(ENGINE, request, false);
    assertEquals(seq, ruling.match().withdrawnBy());
    assertEquals(Decision.Kind.DENY, ruling.decision().kind());
    assertEquals(Decision.Basis.EXPLICIT, ruling.decision().basis());
  }

  @Test
  void decide_withdrawnItemReleasedUnderCcBy_keepsLicenceFloorWithAttribution() {
    TestLog log = new TestLog();
    log.admit("steward", "2026-01-01T00:00:00Z");
    log.withdraw("steward", "2026-05-01T00:00:00Z", "2026-05-01T00:00:00Z", List.of("rec-1"), List.of());
    Register register = log.register();
    ObjectNode ccBy = edit(honest(), n -> {
      statements(n).removeAll();
      n.put("licence", "CC-BY-4.0");
      n.put("released", "2026-03-01T12:00:00Z");
    });
    Request request = Request.of(Purpose.TRAIN).at(Instant.parse("2026-06-01T00:00:00Z"))
        .honouring(ObligationType.ATTRIBUTION);
    RegisterRuling ruling = register.apply(record(ccBy), bytes(ccBy), request.at()).decide(ENGINE, request, false);
    assertEquals(RegisterRuling.Effect.WITHDRAWN, ruling.effect());
    assertEquals(Decision.Kind.OBLIGATION, ruling.decision().kind());
    assertEquals(List.of(Duty.Attribution.INSTANCE), ruling.decision().obligations());
    assertTrue(ruling.decision().isAllowed());
    assertEquals(Layer.Kind.LICENCE, ruling.decision().reasons().get(0).layer().kind());
    ObjectNode notYetReleased = edit(ccBy, n -> n.put("released", "2026-07-01T00:00:00Z"));
    assertFalse(register.apply(record(notYetReleased), bytes(notYetReleased), request.at())
        .decide(ENGINE, request, false).decision().isAllowed(), "no floor before the licence was granted");
  }

  @Test
  void at_sameInstant_reusesSnapshot() {
    Register register = masakhanePublishes();
    Instant t = Instant.parse("2026-06-01T00:00:00Z");
    assertTrue(register.at(t) == register.at(t));
    assertEquals(Set.of("masakhane"), register.at(t).keyedCollectives());
    assertEquals(Set.of(), register.at(Instant.parse("2025-06-01T00:00:00Z")).keyedCollectives());
  }
}
