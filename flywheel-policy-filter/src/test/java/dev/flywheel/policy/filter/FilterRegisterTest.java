package dev.flywheel.policy.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.register.RecordDigest;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.testing.SignedRegister;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter under a verified register: reasons {@code withdrawn} and {@code unreleased}, and the ledger's counts. */
class FilterRegisterTest {
  private static final PolicyEngine ENGINE = PolicyEngine.builder().build();
  private static final Request TRAIN = Request.of(Purpose.TRAIN).at(Instant.parse("2026-06-01T00:00:00Z"))
      .honouring(ObligationType.values());

  private static String record(String id, String contributor, String collectives, String preference,
      String statements) {
    return "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"contributor\":\"" + contributor + "\",\"collectives\":["
        + collectives + "],\"provenance\":{\"source\":\"s\",\"method\":\"chat\",\"created\":\"2026-03-01T00:00:00Z\"},"
        + "\"licence\":\"LicenseRef-x\",\"released\":null,\"preference\":\"" + preference + "\",\"statements\":["
        + statements + "],\"tags\":{}}";
  }

  private static final String MASAKHANE_ALLOW =
      "{\"by\":\"collective\",\"collective\":\"masakhane\",\"terms\":\"allow train\"}";
  private static final String FAKE_PAYEE =
      "{\"by\":\"collective\",\"collective\":\"masakhane\",\"terms\":\"allow train if pay collective fakepay\"}";

  /** Released, honest (its embedded copy is an old one): decided by the register's statement. */
  static final String REC1 = record("rec-1", "c-1", "\"masakhane\"", "allow train", MASAKHANE_ALLOW);
  /** A forged copy naming a made-up payee in masakhane's name; not released. */
  static final String REC2 = record("rec-2", "c-1", "", "allow train", FAKE_PAYEE);
  /** Released, then withdrawn by the steward. */
  static final String REC3 = record("rec-3", "c-3", "", "allow train", "");
  /** Never released. */
  static final String REC4 = record("rec-4", "c-4", "", "allow train", "");

  @TempDir
  static Path dir;

  static Register register;
  static long withdrawal;

  @BeforeAll
  static void publish() throws Exception {
    SignedRegister reg = new SignedRegister(dir.resolve("reg"));
    reg.admit(RegisterEntry.STEWARD, "2026-01-01T00:00:00Z");
    reg.admit("masakhane", "2026-01-01T00:00:00Z");
    reg.statement("masakhane", "2026-01-02T00:00:00Z", "allow train if pay collective masakhane", null);
    reg.roster("masakhane", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z", List.of("c-1"));
    reg.release("r1", "2026-03-02T00:00:00Z", List.of(digest(REC1), digest(REC3)));
    withdrawal = reg.withdraw(RegisterEntry.STEWARD, "2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z",
        List.of("rec-3"), List.of());
    register = reg.register();
  }

  private static String digest(String line) {
    return RecordDigest.of(line.getBytes(StandardCharsets.UTF_8));
  }

  private static List<FilteredLine> run(RecordFilter filter, List<FilteredLine> out, Ledger[] ledger)
      throws Exception {
    String input = String.join("\n", REC1, REC2, REC3, REC4) + "\n";
    ledger[0] = filter.filter(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out::add);
    return out;
  }

  @Test
  void filter_underRegister_withdrawnDeniedAndCountsReported() throws Exception {
    RecordFilter filter = RecordFilter.builder(ENGINE).request(TRAIN).register(register).build();
    Ledger[] ledger = new Ledger[1];
    List<FilteredLine> lines = run(filter, new ArrayList<>(), ledger);
    assertEquals(List.of(Outcome.ALLOWED, Outcome.ALLOWED, Outcome.DENIED, Outcome.ALLOWED),
        lines.stream().map(FilteredLine::outcome).toList());
    assertEquals(DenialReason.WITHDRAWN, lines.get(2).reason().orElseThrow());
    assertEquals(Layer.registerEntry(withdrawal), lines.get(2).decision().orElseThrow().reasons().get(0).layer());
    Ledger l = ledger[0];
    assertEquals(1, l.count(DenialReason.WITHDRAWN));
    assertEquals(2, l.embeddedIgnored(), "masakhane's copies in rec-1 and rec-2");
    assertEquals(2, l.matchedRelease(), "rec-1 and rec-3");
    assertEquals(List.of("masakhane"), l.payments().stream().map(Ledger.PaymentDue::collective).toList(),
        "no made-up payee: rec-2's contributor is on masakhane's roster and masakhane's register statement decides");
    assertEquals(2, l.payments().get(0).items());
    JsonNode json = LedgerJson.toJson(l);
    assertEquals(2, json.get("register").get("embeddedIgnored").asLong());
    assertEquals(2, json.get("register").get("matchedRelease").asLong());
    assertEquals(1, json.get("reasons").get("withdrawn").asLong());
  }

  @Test
  void filter_requireRelease_editedAndUnreleasedDeniedUnreleased() throws Exception {
    RecordFilter filter = RecordFilter.builder(ENGINE).request(TRAIN).register(register).requireRelease(true)
        .threads(3).build();
    Ledger[] ledger = new Ledger[1];
    List<FilteredLine> lines = run(filter, new ArrayList<>(), ledger);
    assertEquals(List.of("allowed", "denied (unreleased)", "denied (withdrawn)", "denied (unreleased)"),
        lines.stream().map(l -> l.outcome().word() + l.reason().map(r -> " (" + r.word() + ")").orElse(""))
            .toList());
    assertEquals(2, ledger[0].count(DenialReason.UNRELEASED));
  }

  @Test
  void filter_withoutRegister_registerIsNullInLedger() throws Exception {
    Ledger[] ledger = new Ledger[1];
    run(RecordFilter.builder(ENGINE).request(TRAIN).build(), new ArrayList<>(), ledger);
    assertEquals(true, LedgerJson.toJson(ledger[0]).get("register").isNull());
    assertEquals(false, ledger[0].registerApplied());
  }

  @Test
  void build_requireReleaseWithoutRegister_throws() {
    assertThrows(IllegalStateException.class,
        () -> RecordFilter.builder(ENGINE).request(TRAIN).requireRelease(true).build());
  }

  @Test
  void settleUnderRegister_sameOutcomesAsFilterRun() throws Exception {
    RecordFilter filter = RecordFilter.builder(ENGINE).request(TRAIN).register(register).requireRelease(true)
        .build();
    List<FilteredLine> expected = run(filter, new ArrayList<>(), new Ledger[1]);
    LineSettler settler = new LineSettler(TRAIN, FilterLimits.DEFAULTS, true);
    List<String> lines = List.of(REC1, REC2, REC3, REC4);
    for (int i = 0; i < lines.size(); i++) {
      byte[] bytes = lines.get(i).getBytes(StandardCharsets.UTF_8);
      RecordResult result = dev.flywheel.policy.records.RecordValidator.withDefaults().validate(bytes);
      FilteredLine settled = settler.settleUnderRegister(i + 1, result, RecordFilter.decideUnderRegister(
          register.at(TRAIN.at()), ENGINE, result.record().orElseThrow(), bytes, TRAIN, true));
      assertEquals(expected.get(i).outcome(), settled.outcome());
      assertEquals(expected.get(i).reason(), settled.reason());
    }
    assertEquals(2, settler.ledger().count(DenialReason.UNRELEASED));
    assertEquals(2, settler.ledger().embeddedIgnored());
  }
}
