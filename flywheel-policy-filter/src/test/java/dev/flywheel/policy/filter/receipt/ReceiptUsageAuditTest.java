package dev.flywheel.policy.filter.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.Outcome;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.register.MerkleTree;
import dev.flywheel.policy.usage.QuotaCounter;
import dev.flywheel.policy.usage.StoreResult;
import dev.flywheel.policy.usage.UsageStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audits of runs made with a usage store (a real SQLite store): the store's answers are taken from the receipt and
 * counted, everything else is decided again (docs/AUDIT.md, "Runs with a usage store").
 */
class ReceiptUsageAuditTest {
  private static final Request REQUEST = Request.of(Purpose.TRAIN).at(Instant.parse("2026-06-01T00:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION, ObligationType.QUOTA);
  private static final Instant T = Instant.parse("2026-06-01T00:00:01Z");
  private static final PolicyEngine ENGINE = PolicyEngine.builder().build();

  @TempDir
  Path dir;

  private static String record(String id, String contributor, String preference) {
    return "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"contributor\":\"" + contributor + "\",\"collectives\":[],"
        + "\"provenance\":{\"source\":\"s\",\"method\":\"chat\",\"created\":\"2026-03-01T00:00:00Z\"},"
        + "\"licence\":\"LicenseRef-x\",\"released\":null,\"preference\":\"" + preference + "\","
        + "\"statements\":[],\"tags\":{}}";
  }

  private static byte[] jsonl(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** An earlier run used c-1's two items of the day: the store refuses c-1's next ones, a store-less run would not. */
  private static final byte[] EARLIER = jsonl(record("e-1", "c-1", "allow train if limit 2 per day"),
      record("e-2", "c-1", "allow train if limit 2 per day"));
  private static final byte[] AUDITED = jsonl(
      record("a-1", "c-1", "allow train if limit 2 per day"),
      record("a-2", "c-2", "allow train if limit 2 per day"),
      record("a-3", "c-3", "deny train"),
      record("a-4", "c-1", "allow train if limit 2 per day"),
      record("a-5", "c-4", "train if attribution"),
      "not json");

  private record Run(Receipt receipt, List<FilteredLine> lines) {}

  private UsageStore store() {
    return ((StoreResult.Ok<UsageStore>) UsageStore.open(dir.resolve("usage.db").toString())).value();
  }

  private static Run run(byte[] data, QuotaCounter counter) throws Exception {
    RecordFilter filter = RecordFilter.builder(ENGINE).request(REQUEST).usage(counter).build();
    List<FilteredLine> lines = new ArrayList<>();
    try (ReceiptRecorder recorder = new ReceiptRecorder();
        FilterRun run = filter.open(recorder.wrap(new ByteArrayInputStream(data)), recorder.lineHasher())) {
      while (run.hasNext()) {
        FilteredLine line = run.next();
        lines.add(line);
        recorder.record(line);
      }
      Receipt receipt = recorder.finish(run.ledger(), LedgerBytes.of(run.ledger()),
          new Receipt.Tool("flywheel-policy", "v", "c"), new Receipt.Engine("v", "1"), null,
          new Receipt.Usage(counter.consumer(), counter.kind(), counter.store()), T, T);
      return new Run(receipt, lines);
    }
  }

  /** The audited run, after the earlier one used up c-1's cap in the same SQLite store. */
  private Run auditedRun() throws Exception {
    try (UsageStore store = store()) {
      run(EARLIER, store.counter("acme"));
      return run(AUDITED, store.counter("acme"));
    }
  }

  private static Audit.Report audit(Receipt receipt, byte[] data) {
    return Audit.run(new Audit.Setup(receipt, null, null, () -> new ByteArrayInputStream(data), ENGINE, null, T),
        change -> { });
  }

  private static List<String> codes(Audit.Report report) {
    return report.mismatches().stream().map(Audit.Finding::code).toList();
  }

  @Test
  void audit_untouchedRunWhoseStoreRefusedLinesAStorelessRunAllows_matchesAndCountsTheAnswersTaken() throws Exception {
    Run run = auditedRun();
    assertEquals(List.of("denied", "allowed", "denied", "denied", "allowed", "invalid"),
        run.lines().stream().map(l -> l.outcome().word()).toList());
    assertEquals(DenialReason.QUOTA, run.lines().get(0).reason().orElseThrow(), "c-1's cap was used up before");
    Receipt.Usage usage = run.receipt().usage();
    assertEquals(3, usage.reserved(), "a-1, a-2 and a-4 carry a quota duty");
    assertEquals(Base64.getEncoder().encodeToString(new byte[] {(byte) 0b0100_0000}), usage.admitted());
    Audit.Report report = audit(run.receipt(), AUDITED);
    assertTrue(report.matches(), report.mismatches().toString());
    assertEquals(3, report.usageAnswers());
    assertEquals(2, report.usageRefused());
    assertEquals(6, report.lines());
  }

  @Test
  void audit_runWithoutAStore_reportsNoAnswersTaken() throws Exception {
    Receipt receipt;
    try (ReceiptRecorder recorder = new ReceiptRecorder();
        FilterRun run = RecordFilter.builder(ENGINE).request(REQUEST).build()
            .open(recorder.wrap(new ByteArrayInputStream(AUDITED)), recorder.lineHasher())) {
      while (run.hasNext()) {
        recorder.record(run.next());
      }
      receipt = recorder.finish(run.ledger(), LedgerBytes.of(run.ledger()),
          new Receipt.Tool("flywheel-policy", "v", "c"), new Receipt.Engine("v", "1"), null, null, T, T);
    }
    Audit.Report report = audit(receipt, AUDITED);
    assertTrue(report.matches(), report.mismatches().toString());
    assertEquals(-1, report.usageAnswers());
    assertEquals(-1, report.usageRefused());
  }

  @Test
  void audit_lineAllowedInTheReceiptWhereItsTermsDeny_isADecisionsRootMismatch() throws Exception {
    Run run = auditedRun();
    // The consumer's forged root: line 3 (a-3, "deny train") allowed, the counts made to agree.
    List<byte[]> leafHashes = new ArrayList<>();
    DecisionLeaf leaf = new DecisionLeaf();
    for (FilteredLine line : run.lines()) {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(line.text().getBytes(StandardCharsets.UTF_8));
      if (line.lineNumber() == 3) {
        leaf.encode(3, line.id(), sha, 0, Outcome.ALLOWED, null, List.of());
      } else {
        leaf.encode(line, sha);
      }
      leafHashes.add(MerkleTree.leafHash(Arrays.copyOf(leaf.bytes(), leaf.length())));
    }
    Receipt honest = run.receipt();
    Map<String, Long> reasons = new LinkedHashMap<>(honest.counts().reasons());
    reasons.merge("explicit", -1L, Long::sum);
    Receipt forged = new Receipt(honest.tool(), honest.engine(), honest.request(), honest.startedAt(),
        honest.finishedAt(), honest.input(), honest.register(), honest.usage(),
        new Receipt.Counts(honest.counts().read(), honest.counts().allowed() + 1, honest.counts().denied() - 1,
            honest.counts().invalid(), reasons),
        honest.ledgerSha256(), HexFormat.of().formatHex(MerkleTree.root(leafHashes)));
    Audit.Report report = audit(forged, AUDITED);
    assertFalse(report.matches());
    assertTrue(codes(report).contains("decisions-root"), report.mismatches().toString());
    assertFalse(codes(report).contains("input"), report.mismatches().toString());
    assertTrue(audit(honest, AUDITED).matches(), "the honest receipt still holds");
  }

  @Test
  void audit_receiptClaimingTheStoreAdmittedALineItRefused_isAMismatch() throws Exception {
    Receipt honest = auditedRun().receipt();
    Receipt.Usage u = honest.usage();
    Receipt claimed = withUsage(honest, new Receipt.Usage(u.consumer(), u.kind(), u.store(), 3,
        Base64.getEncoder().encodeToString(new byte[] {(byte) 0b1110_0000})));
    Audit.Report report = audit(claimed, AUDITED);
    assertFalse(report.matches());
    assertTrue(codes(report).containsAll(List.of("counts", "decisions-root")), report.mismatches().toString());
    assertEquals(0, report.usageRefused());
  }

  @Test
  void audit_receiptWithAnswersForMoreLinesThanTheRunReserved_isAUsageMismatch() throws Exception {
    Receipt honest = auditedRun().receipt();
    Receipt.Usage u = honest.usage();
    Receipt claimed = withUsage(honest, new Receipt.Usage(u.consumer(), u.kind(), u.store(), 4,
        Base64.getEncoder().encodeToString(new byte[] {(byte) 0b0100_0000})));
    Audit.Report report = audit(claimed, AUDITED);
    assertEquals(List.of("usage"), codes(report), report.mismatches().toString());
    assertEquals(4, report.usageAnswers());
  }

  @Test
  void audit_receiptWithAnswersForFewerLinesThanTheRunReserved_deniesThePastOnesAndMismatches() throws Exception {
    Receipt honest = auditedRun().receipt();
    Receipt.Usage u = honest.usage();
    Receipt claimed = withUsage(honest, new Receipt.Usage(u.consumer(), u.kind(), u.store(), 2,
        Base64.getEncoder().encodeToString(new byte[] {(byte) 0b0100_0000})));
    Audit.Report report = audit(claimed, AUDITED);
    assertTrue(codes(report).contains("usage"), report.mismatches().toString());
    assertFalse(report.matches());
  }

  @Test
  void read_receiptOfAUsageRun_roundTripsAndRefusesAnswersThatAreNotItsBits() throws Exception {
    Receipt receipt = auditedRun().receipt();
    byte[] file = ReceiptJson.file(receipt, null);
    assertEquals(receipt, assertInstanceOf(ReceiptJson.Read.class, ReceiptJson.read(file)).receipt());
    String text = new String(file, StandardCharsets.UTF_8);
    // A stray bit past the third ("QQ==": 0100 0001), a byte too many ("QAA="), not base64 ("*").
    for (String bad : List.of("QQ==", "QAA=", "*")) {
      String changed = text.replace("\"admitted\" : \"QA==\"", "\"admitted\" : \"" + bad + "\"");
      assertFalse(changed.equals(text), "the member was found");
      ReceiptJson.Invalid invalid = assertInstanceOf(ReceiptJson.Invalid.class,
          ReceiptJson.read(changed.getBytes(StandardCharsets.UTF_8)));
      assertEquals("usage.admitted must be base64 of usage.reserved bits", invalid.message());
    }
  }

  private static Receipt withUsage(Receipt r, Receipt.Usage usage) {
    return new Receipt(r.tool(), r.engine(), r.request(), r.startedAt(), r.finishedAt(), r.input(), r.register(),
        usage, r.counts(), r.ledgerSha256(), r.decisionsRoot());
  }
}
