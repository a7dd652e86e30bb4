package dev.flywheel.policy.filter.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.Outcome;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.register.Dsse;
import dev.flywheel.policy.register.Keys;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every bound of the receipt package, at and one past it (docs/AUDIT.md, "Cost and limits"). */
class ReceiptLimitsTest {
  private static final Request REQUEST = Request.of(Purpose.TRAIN).at(Instant.parse("2026-06-01T00:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION);
  private static final Instant T = Instant.parse("2026-06-01T00:00:01Z");
  private static final PolicyEngine ENGINE = PolicyEngine.builder().build();

  private static String record(String id) {
    return "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"contributor\":\"c-1\",\"collectives\":[],"
        + "\"provenance\":{\"source\":\"s\",\"method\":\"chat\",\"created\":\"2026-03-01T00:00:00Z\"},"
        + "\"licence\":\"LicenseRef-x\",\"released\":null,\"preference\":\"train if attribution\","
        + "\"statements\":[],\"tags\":{}}";
  }

  private static byte[] data(int lines) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= lines; i++) {
      sb.append(record("rec-" + i)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Receipt receipt(byte[] data) throws Exception {
    RecordFilter filter = RecordFilter.builder(ENGINE).request(REQUEST).build();
    try (ReceiptRecorder recorder = new ReceiptRecorder();
        FilterRun run = filter.open(recorder.wrap(new ByteArrayInputStream(data)), recorder.lineHasher())) {
      while (run.hasNext()) {
        recorder.record(run.next());
      }
      return recorder.finish(run.ledger(), LedgerBytes.of(run.ledger()),
          new Receipt.Tool("flywheel-policy", "v", "c"), new Receipt.Engine("v", "1"), null, null, T, T);
    }
  }

  private static Audit.Report audit(Receipt receipt, byte[] data, long maxLines) {
    Audit.Setup setup = new Audit.Setup(receipt, null, null, () -> new ByteArrayInputStream(data), ENGINE, null, T);
    return Audit.run(setup, change -> { }, maxLines);
  }

  @Test
  void read_fileOfExactlyTheLargestSize_readsAndOneByteLarger_isNotAReceipt() throws Exception {
    byte[] file = ReceiptJson.file(receipt(data(3)), null);
    assertInstanceOf(ReceiptJson.Read.class, ReceiptJson.read(file, file.length));
    ReceiptJson.Invalid past = assertInstanceOf(ReceiptJson.Invalid.class, ReceiptJson.read(file, file.length - 1));
    assertEquals("larger than " + (file.length - 1) + " bytes", past.message());
  }

  @Test
  void read_oneByteMoreThanMaxFileBytes_isNotAReceiptByTheDocumentedDefault() {
    assertEquals(256L << 20, ReceiptJson.MAX_FILE_BYTES);
    ReceiptJson.Invalid past = assertInstanceOf(ReceiptJson.Invalid.class,
        ReceiptJson.read(new byte[(int) ReceiptJson.MAX_FILE_BYTES + 1]));
    assertEquals("larger than " + ReceiptJson.MAX_FILE_BYTES + " bytes", past.message());
  }

  @Test
  void read_jsonNestedAtTheMostDepth_isRefusedAsNoReceiptAndOneDeeper_asTooDeep() {
    int depth = ReceiptJson.MAX_NESTING_DEPTH;
    ReceiptJson.Invalid at = assertInstanceOf(ReceiptJson.Invalid.class, ReceiptJson.read(nested(depth)));
    assertFalse(at.message().startsWith("not JSON"), at.message());
    ReceiptJson.Invalid past = assertInstanceOf(ReceiptJson.Invalid.class, ReceiptJson.read(nested(depth + 1)));
    assertTrue(past.message().startsWith("not JSON") && past.message().contains("nesting depth"), past.message());
  }

  @Test
  void read_contentAfterTheReceiptOrADuplicateMember_isNoReceipt() throws Exception {
    KeyPair keys = Keys.generate();
    Receipt receipt = receipt(data(2));
    String signed = new String(ReceiptJson.file(receipt, ReceiptJson.sign(receipt, keys.getPrivate(),
        keys.getPublic())), StandardCharsets.UTF_8);
    assertInstanceOf(ReceiptJson.Read.class, ReceiptJson.read(signed.getBytes(StandardCharsets.UTF_8)));
    ReceiptJson.Invalid trailing = assertInstanceOf(ReceiptJson.Invalid.class,
        ReceiptJson.read((signed + "{}").getBytes(StandardCharsets.UTF_8)));
    assertTrue(trailing.message().startsWith("not JSON"), trailing.message());
    String duplicated = signed.replaceFirst("\\{", "{\"receiptVersion\":0,");
    ReceiptJson.Invalid duplicate = assertInstanceOf(ReceiptJson.Invalid.class,
        ReceiptJson.read(duplicated.getBytes(StandardCharsets.UTF_8)));
    assertTrue(duplicate.message().startsWith("not JSON") && duplicate.message().contains("receiptVersion"),
        duplicate.message());
  }

  private static byte[] nested(int depth) {
    return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void read_signatureNestedAtTheEnvelopesMostDepth_isABadEnvelopeAndOneDeeper_tooDeep() throws Exception {
    KeyPair keys = Keys.generate();
    Receipt receipt = receipt(data(2));
    Dsse.Envelope envelope = ReceiptJson.sign(receipt, keys.getPrivate(), keys.getPublic());
    String signed = new String(ReceiptJson.file(receipt, envelope), StandardCharsets.UTF_8);
    assertInstanceOf(ReceiptJson.Read.class, ReceiptJson.read(signed.getBytes(StandardCharsets.UTF_8)));
    // The envelope object is depth 1; its signatures become this many nested arrays, reaching the bound.
    int inner = ReceiptJson.MAX_ENVELOPE_NESTING_DEPTH - 1;
    ReceiptJson.Invalid at = assertInstanceOf(ReceiptJson.Invalid.class, ReceiptJson.read(withSignatures(signed,
        inner)));
    assertTrue(at.message().startsWith("signature:") && !at.message().contains("deeper"), at.message());
    ReceiptJson.Invalid past = assertInstanceOf(ReceiptJson.Invalid.class, ReceiptJson.read(withSignatures(signed,
        inner + 1)));
    assertTrue(past.message().contains("nested deeper than the limit"), past.message());
  }

  /** The signed file with its envelope's signatures replaced by {@code depth} nested arrays. */
  private static byte[] withSignatures(String signed, int depth) {
    int at = signed.indexOf("\"signatures\"");
    int open = signed.indexOf('[', at);
    int close = signed.indexOf(']', open);
    String text = signed.substring(0, open) + "[".repeat(depth) + "]".repeat(depth) + signed.substring(close + 1);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void audit_dataOfExactlyTheMostLines_matchesAndOneLineMore_isAnInputMismatchNamingIt() throws Exception {
    byte[] four = data(4);
    Receipt receipt = receipt(four);
    Audit.Report at = audit(receipt, four, 4);
    assertTrue(at.matches(), at.mismatches().toString());
    assertEquals(4, at.lines());
    Audit.Report past = audit(receipt, four, 3);
    assertFalse(past.matches());
    assertEquals(1, past.mismatches().size(), past.mismatches().toString());
    Audit.Finding finding = past.mismatches().get(0);
    assertEquals("input", finding.code());
    assertEquals(4, finding.line());
    assertTrue(finding.message().contains("more than 3 lines"), finding.message());
  }

  @Test
  void maxLines_signedReceiptOfTheMostLines_fitsTheLargestFileAnAuditReads() throws Exception {
    // The file grows linearly with the line digests' and the usage answers' base64 (the worst case: a usage store
    // answered every line): measured at two sizes, extrapolated to MAX_LINES.
    KeyPair keys = Keys.generate();
    long small = signedFileBytes(3_000, keys);
    long large = signedFileBytes(6_000, keys);
    double perLine = (large - small) / 3_000.0;
    double atMax = small + perLine * (ReceiptRecorder.MAX_LINES - 3_000);
    assertTrue(perLine > 12 && perLine < 13.5, "about 12.9 bytes per line, was " + perLine);
    assertTrue(atMax < ReceiptJson.MAX_FILE_BYTES, atMax + " bytes");
  }

  private static long signedFileBytes(int lines, KeyPair keys) throws Exception {
    Receipt base = receipt(data(1));
    byte[] digests = new byte[lines * ReceiptRecorder.LINE_DIGEST_BYTES];
    Arrays.fill(digests, (byte) 0x5a);
    Receipt receipt = new Receipt(base.tool(), base.engine(), base.request(), base.startedAt(), base.finishedAt(),
        new Receipt.Input(base.input().bytes(), lines, base.input().sha256(),
            java.util.Base64.getEncoder().encodeToString(digests)),
        base.register(), new Receipt.Usage("acme", "postgresql", "postgresql://db.example.org:5432/usage", lines,
            java.util.Base64.getEncoder().encodeToString(allAdmitted(lines))),
        base.counts(), base.ledgerSha256(), base.decisionsRoot());
    return ReceiptJson.file(receipt, ReceiptJson.sign(receipt, keys.getPrivate(), keys.getPublic())).length;
  }

  private static byte[] allAdmitted(int lines) {
    byte[] bits = new byte[(lines + 7) / 8];
    Arrays.fill(bits, (byte) 0xff);
    if (lines % 8 != 0) {
      bits[bits.length - 1] = (byte) (0xff << (8 - lines % 8));
    }
    return bits;
  }

  @Test
  void encode_moreDistinctDutiesThanItKeepsTexts_keepsAtMostThatManyAndEncodesEachRight() {
    DecisionLeaf leaf = new DecisionLeaf();
    byte[] sha = new byte[32];
    List<byte[]> first = new ArrayList<>();
    for (int i = 0; i <= DecisionLeaf.MAX_DUTY_TEXTS; i++) {
      leaf.encode(1, "id", sha, 0, Outcome.ALLOWED, null, List.of(quota(i + 1)));
      first.add(Arrays.copyOf(leaf.bytes(), leaf.length()));
      assertTrue(leaf.cachedDutyTexts() <= DecisionLeaf.MAX_DUTY_TEXTS, "kept " + leaf.cachedDutyTexts());
    }
    assertEquals(1, leaf.cachedDutyTexts(), "cleared when one more came than it keeps");
    DecisionLeaf fresh = new DecisionLeaf();
    for (int i = 0; i <= DecisionLeaf.MAX_DUTY_TEXTS; i++) {
      fresh.encode(1, "id", sha, 0, Outcome.ALLOWED, null, List.of(quota(i + 1)));
      assertEquals(Arrays.toString(first.get(i)), Arrays.toString(Arrays.copyOf(fresh.bytes(), fresh.length())));
      leaf.encode(1, "id", sha, 0, Outcome.ALLOWED, null, List.of(quota(i + 1)));
      assertEquals(Arrays.toString(first.get(i)), Arrays.toString(Arrays.copyOf(leaf.bytes(), leaf.length())));
    }
  }

  private static Duty quota(long limit) {
    return new Duty.Quota(limit, QuotaPeriod.DAY, null);
  }
}
