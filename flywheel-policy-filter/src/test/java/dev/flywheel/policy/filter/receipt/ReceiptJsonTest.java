package dev.flywheel.policy.filter.receipt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.register.Dsse;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.MerkleTree;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receipt's JSON form, its signature, and the leaf encoding docs/AUDIT.md defines. */
class ReceiptJsonTest {
  private static final Request TRAIN = Request.of(Purpose.TRAIN).at(Instant.parse("2026-06-01T00:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION);
  private static final String VALID = "{\"schemaVersion\":1,\"id\":\"rec-1\",\"contributor\":\"c-1\","
      + "\"collectives\":[],\"provenance\":{\"source\":\"s\",\"method\":\"chat\",\"created\":\"2026-03-01T00:00:00Z\"},"
      + "\"licence\":\"LicenseRef-x\",\"released\":null,\"preference\":\"train if attribution\",\"statements\":[],"
      + "\"tags\":{}}";
  private static final String INPUT = VALID + "\nnot json\n";

  private static Receipt receipt(List<byte[]> leaves) throws Exception {
    RecordFilter filter = RecordFilter.builder(PolicyEngine.builder().build()).request(TRAIN).build();
    ReceiptRecorder recorder = new ReceiptRecorder();
    try (FilterRun run = filter.open(recorder.wrap(new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8))))) {
      while (run.hasNext()) {
        FilteredLine line = run.next();
        recorder.record(line);
        if (leaves != null) {
          DecisionLeaf leaf = new DecisionLeaf();
          byte[] sha = MessageDigest.getInstance("SHA-256").digest(line.text().getBytes(StandardCharsets.UTF_8));
          leaf.encode(line, sha);
          leaves.add(java.util.Arrays.copyOf(leaf.bytes(), leaf.length()));
        }
      }
      Instant t = Instant.parse("2026-06-01T00:00:01Z");
      return recorder.finish(run.ledger(), LedgerBytes.of(run.ledger()), new Receipt.Tool("flywheel-policy", "v",
          "c"), new Receipt.Engine("v", "1"), null, null, t, t);
    }
  }

  @Test
  void leaf_validAllowedLineAndInvalidLine_areTheBytesAuditMdDefines() throws Exception {
    List<byte[]> leaves = new ArrayList<>();
    Receipt receipt = receipt(leaves);
    byte[] sha1 = MessageDigest.getInstance("SHA-256").digest(VALID.getBytes(StandardCharsets.UTF_8));
    byte[] sha2 = MessageDigest.getInstance("SHA-256").digest("not json".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(first);
    d.writeLong(1);
    d.writeByte(1);
    string(d, "rec-1");
    d.write(sha1);
    string(d, "allowed");
    string(d, "");
    d.writeInt(1);
    string(d, "attribution");
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    d = new DataOutputStream(second);
    d.writeLong(2);
    d.writeByte(0);
    d.write(sha2);
    string(d, "invalid");
    string(d, "invalid-record");
    d.writeInt(0);
    assertArrayEquals(first.toByteArray(), leaves.get(0));
    assertArrayEquals(second.toByteArray(), leaves.get(1));
    String root = HexFormat.of().formatHex(MerkleTree.root(List.of(MerkleTree.leafHash(first.toByteArray()),
        MerkleTree.leafHash(second.toByteArray()))));
    assertEquals(root, receipt.decisionsRoot());
    assertEquals(2, receipt.input().lines());
    assertEquals(INPUT.length(), receipt.input().bytes());
  }

  private static void string(DataOutputStream d, String s) throws Exception {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    d.writeInt(b.length);
    d.write(b);
  }

  @Test
  void record_lineLongerThanTheReadingLimit_hashesAsZerosAndTheInputDigestCoversIt() throws Exception {
    PolicyEngine engine = PolicyEngine.builder().build();
    String tooLong = "x".repeat(5000);
    byte[] input = (VALID + "\n" + tooLong + "\n").getBytes(StandardCharsets.UTF_8);
    RecordFilter filter = RecordFilter.builder(engine).request(TRAIN)
        .validator(dev.flywheel.policy.records.RecordValidator.create(
            dev.flywheel.policy.records.RecordLimits.DEFAULTS.withMaxRecordBytes(VALID.length() + 10), engine))
        .build();
    List<Boolean> kept = new ArrayList<>();
    try (ReceiptRecorder recorder = new ReceiptRecorder();
        FilterRun run = filter.open(recorder.wrap(new ByteArrayInputStream(input)))) {
      while (run.hasNext()) {
        FilteredLine line = run.next();
        kept.add(line.hasText());
        recorder.record(line);
      }
      Receipt receipt = recorder.finish(run.ledger(), LedgerBytes.of(run.ledger()),
          new Receipt.Tool("flywheel-policy", "v", "c"), new Receipt.Engine("v", "1"), null, null, Instant.EPOCH,
          Instant.EPOCH);
      assertEquals(List.of(true, false), kept);
      assertEquals(2, receipt.input().lines());
      assertEquals(input.length, receipt.input().bytes());
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input)),
          receipt.input().sha256());
      byte[] digests = java.util.Base64.getDecoder().decode(receipt.input().lineDigests());
      assertArrayEquals(new byte[ReceiptRecorder.LINE_DIGEST_BYTES],
          java.util.Arrays.copyOfRange(digests, 4, 8), "the long line's digest is zeros");
    }
  }

  @Test
  void read_fileWritten_givesTheSameReceiptAndPayload() throws Exception {
    Receipt receipt = receipt(null);
    ReceiptJson.ReadResult read = ReceiptJson.read(ReceiptJson.file(receipt, null));
    Receipt again = assertInstanceOf(ReceiptJson.Read.class, read).receipt();
    assertEquals(receipt, again);
    assertNull(((ReceiptJson.Read) read).envelope());
    assertArrayEquals(ReceiptJson.payload(receipt), ReceiptJson.payload(again));
  }

  @Test
  void verify_signedThenAnyMemberChanged_failsAndOtherKeyFails() throws Exception {
    Receipt receipt = receipt(null);
    KeyPair consumer = Keys.generate();
    Dsse.Envelope envelope = ReceiptJson.sign(receipt, consumer.getPrivate(), consumer.getPublic());
    ReceiptJson.Read read = (ReceiptJson.Read) ReceiptJson.read(ReceiptJson.file(receipt, envelope));
    assertTrue(ReceiptJson.verify(read.receipt(), read.envelope(), consumer.getPublic()));
    assertFalse(ReceiptJson.verify(read.receipt(), read.envelope(), Keys.generate().getPublic()));
    String changed = new String(ReceiptJson.file(receipt, envelope), StandardCharsets.UTF_8)
        .replace("\"allowed\" : 1", "\"allowed\" : 2");
    ReceiptJson.Read tampered = (ReceiptJson.Read) ReceiptJson.read(changed.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, tampered.receipt().counts().allowed());
    assertFalse(ReceiptJson.verify(tampered.receipt(), tampered.envelope(), consumer.getPublic()));
  }

  @Test
  void read_unknownMissingOrRepeatedMemberOrOtherVersion_isInvalidNeverThrows() throws Exception {
    String file = new String(ReceiptJson.file(receipt(null), null), StandardCharsets.UTF_8);
    List<String> bad = List.of(
        file.replace("\"usage\" : null,", "\"usage\" : null, \"extra\" : 1,"),
        file.replace("\"usage\" : null,", ""),
        file.replace("\"usage\" : null,", "\"usage\" : null, \"usage\" : null,"),
        file.replace("\"receiptVersion\" : 1", "\"receiptVersion\" : 2"),
        file.replace("\"bytes\" : ", "\"bytes\" : -"),
        "[]", "", "{", "null");
    for (String text : bad) {
      assertInstanceOf(ReceiptJson.Invalid.class, ReceiptJson.read(text.getBytes(StandardCharsets.UTF_8)), text);
    }
  }
}
