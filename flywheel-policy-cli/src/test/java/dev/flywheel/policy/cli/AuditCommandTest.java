package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.testing.SignedRegister;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code filter --receipt [--sign-key]} and {@code audit}: each case of docs/AUDIT.md, on real files and keys. */
class AuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLE = Path.of("..", "examples", "contributions.jsonl");

  @TempDir
  Path dir;

  private static Clock clock(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private Path keys(String name) throws IOException {
    Path key = dir.resolve(name + ".key");
    Keys.write(Keys.generate(), key);
    return key;
  }

  /** The README's filter command, with a receipt. */
  private CliRunner.Result filterExample(Path in, Path receipt, String... more) {
    List<String> args = new ArrayList<>(List.of("filter", "--purpose", "train", "--honour", "attribution",
        "--honour", "payment", "--honour", "quota", "--at", "2027-03-01", "--in", in.toString(),
        "--out", dir.resolve("allowed.jsonl").toString(), "--ledger", dir.resolve("ledger.json").toString(),
        "--receipt", receipt.toString()));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  /** Audits {@code receipt} against the example data with {@code args}: exit 1, saying {@code expected}. */
  private static void assertAuditExitsOne(Path receipt, String expected, String... args) {
    List<String> command = new ArrayList<>(List.of("audit", "--receipt", receipt.toString(), "--in",
        EXAMPLE.toString()));
    command.addAll(List.of(args));
    CliRunner.Result audit = CliRunner.run(command.toArray(String[]::new));
    assertEquals(1, audit.exitCode(), audit.out());
    assertTrue(audit.out().contains(expected), audit.out());
  }

  @Test
  void receipt_runWithAUsageStore_namesItsConsumerAndKind() throws Exception {
    Path receipt = dir.resolve("receipt.json");
    CliRunner.Result run = filterExample(EXAMPLE, receipt, "--usage", dir.resolve("usage.db").toString(),
        "--consumer", "acme");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode r = JSON.readTree(receipt.toFile());
    assertEquals("acme", r.at("/usage/consumer").asText());
    assertEquals("sqlite", r.at("/usage/kind").asText());
  }

  @Test
  void receipt_runWithoutAUsageStore_hasNullUsage() throws Exception {
    Path receipt = dir.resolve("receipt.json");
    assertEquals(0, filterExample(EXAMPLE, receipt).exitCode());
    assertTrue(JSON.readTree(receipt.toFile()).get("usage").isNull());
  }

  @Test
  void audit_readmeFilterWithReceiptAndSignKey_exitsZero() throws Exception {
    Path key = keys("consumer");
    Path receipt = dir.resolve("receipt.json");
    CliRunner.Result run = filterExample(EXAMPLE, receipt, "--sign-key", key.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode r = JSON.readTree(receipt.toFile());
    assertEquals(2000, r.at("/input/lines").asLong());
    assertEquals(Files.size(EXAMPLE), r.at("/input/bytes").asLong());
    assertEquals(sha256(Files.readAllBytes(EXAMPLE)), r.at("/input/sha256").asText());
    assertEquals(sha256(Files.readAllBytes(dir.resolve("ledger.json"))), r.get("ledgerSha256").asText(),
        "the receipt names the ledger file's digest");
    assertTrue(r.get("signature").isObject());

    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", EXAMPLE.toString(),
        "--trust-consumer", key + ".pub");
    assertEquals(0, audit.exitCode(), audit.out() + audit.err());
    assertTrue(audit.out().contains("result: ok"), audit.out());
  }

  @Test
  void audit_oneChangedByteInOneRecord_exitsOneNamingThatLine() throws Exception {
    Path receipt = dir.resolve("receipt.json");
    assertEquals(0, filterExample(EXAMPLE, receipt).exitCode());
    byte[] data = Files.readAllBytes(EXAMPLE);
    int line = 1234;
    int at = startOfLine(data, line) + 40;
    data[at] = (byte) (data[at] == 'x' ? 'y' : 'x');
    Path altered = dir.resolve("altered.jsonl");
    Files.write(altered, data);

    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", altered.toString(),
        "--format", "json");
    assertEquals(1, audit.exitCode(), audit.out() + audit.err());
    JsonNode report = JSON.readTree(lastLine(audit.out()));
    assertEquals("mismatch", report.get("result").asText());
    JsonNode input = report.get("mismatches").get(0);
    assertEquals("input", input.get("code").asText());
    assertEquals(line, input.get("line").asLong());
    assertTrue(input.get("message").asText().contains("line " + line), input.toString());
  }

  @Test
  void audit_changedCountInReceipt_exitsOne() throws Exception {
    Path receipt = dir.resolve("receipt.json");
    assertEquals(0, filterExample(EXAMPLE, receipt).exitCode());
    ObjectNode r = (ObjectNode) JSON.readTree(receipt.toFile());
    ObjectNode counts = (ObjectNode) r.get("counts");
    counts.put("allowed", counts.get("allowed").asLong() + 1);
    counts.put("denied", counts.get("denied").asLong() - 1);
    Files.write(receipt, JSON.writeValueAsBytes(r));

    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", EXAMPLE.toString());
    assertEquals(1, audit.exitCode(), audit.out());
    assertTrue(audit.out().contains("mismatch: counts"), audit.out());
    assertFalse(audit.out().contains("mismatch: input"), audit.out());
  }

  @Test
  void audit_changedDecisionsRootInReceipt_exitsOne() throws Exception {
    Path receipt = dir.resolve("receipt.json");
    assertEquals(0, filterExample(EXAMPLE, receipt).exitCode());
    ObjectNode r = (ObjectNode) JSON.readTree(receipt.toFile());
    String root = r.get("decisionsRoot").asText();
    r.put("decisionsRoot", (root.charAt(0) == '0' ? "1" : "0") + root.substring(1));
    Files.write(receipt, JSON.writeValueAsBytes(r));

    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", EXAMPLE.toString());
    assertEquals(1, audit.exitCode(), audit.out());
    assertTrue(audit.out().contains("mismatch: decisions-root"), audit.out());
  }

  @Test
  void audit_receiptSignedByAnotherKey_exitsOne() throws Exception {
    Path signer = keys("other");
    Path trusted = keys("consumer");
    Path receipt = dir.resolve("receipt.json");
    assertEquals(0, filterExample(EXAMPLE, receipt, "--sign-key", signer.toString()).exitCode());

    assertAuditExitsOne(receipt, "mismatch: signature", "--trust-consumer", trusted + ".pub");
  }

  @Test
  void audit_signedReceiptWithAChangedMember_exitsOneOnTheSignature() throws Exception {
    Path key = keys("consumer");
    Path receipt = dir.resolve("receipt.json");
    assertEquals(0, filterExample(EXAMPLE, receipt, "--sign-key", key.toString()).exitCode());
    ObjectNode r = (ObjectNode) JSON.readTree(receipt.toFile());
    ((ObjectNode) r.get("request")).put("at", "2027-03-02T00:00:00Z");
    Files.write(receipt, JSON.writeValueAsBytes(r));

    assertAuditExitsOne(receipt, "mismatch: signature", "--trust-consumer", key + ".pub");
  }

  @Test
  void audit_unsignedReceiptWithTrustConsumer_exitsOne() throws Exception {
    Path key = keys("consumer");
    Path receipt = dir.resolve("receipt.json");
    assertEquals(0, filterExample(EXAMPLE, receipt).exitCode());
    assertAuditExitsOne(receipt, "the receipt is not signed", "--trust-consumer", key + ".pub");
  }

  @Test
  void audit_fileThatIsNotAReceipt_exitsOneWithOneLine() throws Exception {
    Path receipt = dir.resolve("receipt.json");
    Files.writeString(receipt, "{\"receiptVersion\": 1}");
    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", EXAMPLE.toString());
    assertEquals(1, audit.exitCode());
    assertTrue(audit.err().contains("is not a receipt"), audit.err());
    assertEquals(1, audit.err().strip().lines().count(), audit.err());
  }

  @Test
  void audit_withoutIn_exitsTwo() {
    assertEquals(2, CliRunner.run("audit", "--receipt", dir.resolve("r.json").toString()).exitCode());
  }

  @Test
  void filter_signKeyWithoutReceipt_exitsTwoAndWritesNothing() throws Exception {
    Path key = keys("consumer");
    CliRunner.Result run = CliRunner.run("filter", "--purpose", "train", "--in", EXAMPLE.toString(), "--out",
        dir.resolve("allowed.jsonl").toString(), "--sign-key", key.toString());
    assertEquals(2, run.exitCode());
    assertFalse(Files.exists(dir.resolve("allowed.jsonl")));
  }

  @Test
  void filter_signKeyWithoutItsPublicKey_exitsTwoAndWritesNoReceipt() throws Exception {
    Path key = keys("consumer");
    Files.delete(Path.of(key + ".pub"));
    Path receipt = dir.resolve("receipt.json");
    CliRunner.Result run = filterExample(EXAMPLE, receipt, "--sign-key", key.toString());
    assertEquals(2, run.exitCode(), run.err());
    assertFalse(Files.exists(receipt));
  }

  @Test
  void receipt_sameInputRequestAndRegister_sameApartFromTheTimes() throws Exception {
    SignedRegister reg = masakhaneRegister();
    Path first = dir.resolve("first.json");
    Path second = dir.resolve("second.json");
    Path data = records();
    String[] common = {"filter", "--purpose", "train", "--honour", "attribution", "--at", "2026-06-01",
        "--in", data.toString(), "--register", reg.dir.toString(), "--trust", operatorKey(reg).toString()};
    CliRunner.Result a = CliRunner.runAt(clock("2026-06-01T12:00:00Z"), concat(common, "--receipt",
        first.toString()));
    CliRunner.Result b = CliRunner.runAt(clock("2026-06-01T13:30:00Z"), concat(common, "--receipt",
        second.toString(), "--threads", "3"));
    assertEquals(0, a.exitCode(), a.err());
    assertEquals(0, b.exitCode(), b.err());
    ObjectNode one = (ObjectNode) JSON.readTree(first.toFile());
    ObjectNode two = (ObjectNode) JSON.readTree(second.toFile());
    assertEquals("2026-06-01T12:00:00Z", one.get("startedAt").asText());
    assertEquals("2026-06-01T13:30:00Z", two.get("startedAt").asText());
    for (ObjectNode r : List.of(one, two)) {
      r.remove("startedAt");
      r.remove("finishedAt");
    }
    assertEquals(one, two);
    assertEquals(4, one.at("/register/size").asLong());
  }

  @Test
  void audit_withdrawalAndEvalOnlyStatementAppendedAfterTheRun_listsExactlyTheAffectedAllowedItems()
      throws Exception {
    SignedRegister reg = masakhaneRegister();
    Path data = records();
    Path receipt = dir.resolve("receipt.json");
    CliRunner.Result run = CliRunner.runAt(clock("2026-06-01T12:00:00Z"), "filter", "--purpose", "train",
        "--honour", "attribution", "--at", "2026-06-01", "--in", data.toString(), "--register", reg.dir.toString(),
        "--trust", operatorKey(reg).toString(), "--receipt", receipt.toString(), "--format", "json");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(5, JSON.readTree(receipt.toFile()).at("/counts/allowed").asLong(), "every record allowed");

    long withdrawal = reg.withdraw(RegisterEntry.STEWARD, "2026-07-01T00:00:00Z", "2026-07-01T00:00:00Z",
        List.of("rec-3"), List.of());
    long evalOnly = reg.statement("masakhane", "2026-07-02T00:00:00Z", "eval-only", null, 2L);

    CliRunner.Result audit = CliRunner.runAt(clock("2026-08-01T00:00:00Z"), "audit", "--receipt",
        receipt.toString(), "--in", data.toString(), "--register", reg.dir.toString(), "--trust",
        operatorKey(reg).toString(), "--format", "json");
    assertEquals(0, audit.exitCode(), audit.out() + audit.err());
    List<String> lines = audit.out().lines().toList();
    assertEquals(4, lines.size(), audit.out());
    assertEquals(change(1, "rec-1", "explicit", evalOnly, "2026-07-02T00:00:00Z").toString(),
        JSON.readTree(lines.get(0)).toString());
    assertEquals(change(2, "rec-2", "explicit", evalOnly, "2026-07-02T00:00:00Z").toString(),
        JSON.readTree(lines.get(1)).toString());
    assertEquals(change(3, "rec-3", "withdrawn", withdrawal, "2026-07-01T00:00:00Z").toString(),
        JSON.readTree(lines.get(2)).toString());
    JsonNode summary = JSON.readTree(lines.get(3));
    assertEquals("ok", summary.get("result").asText());
    assertEquals(3, summary.get("withdrawn").asLong());
  }

  @Test
  void audit_runDecidedAMonthBeforeAnEmbargoInForceAtItsStart_warnsBackdatedNamingTheEmbargo() throws Exception {
    SignedRegister reg = masakhaneRegister();
    long embargo = reg.statement("masakhane", "2026-07-15T00:00:00Z", "deny train until 2027-01-01", null, 2L);
    Path data = records();
    Path receipt = dir.resolve("receipt.json");
    CliRunner.Result run = CliRunner.runAt(clock("2026-08-01T00:00:00Z"), "filter", "--purpose", "train",
        "--honour", "attribution", "--at", "2026-06-15", "--in", data.toString(), "--register", reg.dir.toString(),
        "--trust", operatorKey(reg).toString(), "--receipt", receipt.toString());
    assertEquals(0, run.exitCode(), run.err());

    String[] audit = {"audit", "--receipt", receipt.toString(), "--in", data.toString(), "--register",
        reg.dir.toString(), "--trust", operatorKey(reg).toString(), "--at", "2026-06-15"};
    CliRunner.Result lenient = CliRunner.run(audit);
    assertEquals(0, lenient.exitCode(), lenient.out() + lenient.err());
    assertTrue(lenient.out().contains("warning: backdated: 2 line(s) allowed in the run are denied at its start by "
        + "register entry " + embargo + "\n"), lenient.out());
    CliRunner.Result strict = CliRunner.run(concat(audit, "--strict"));
    assertEquals(1, strict.exitCode(), strict.out());
    assertTrue(strict.out().contains("result: warning"), strict.out());
  }

  @Test
  void audit_receiptNamingARegisterWithoutRegisterOrWithAnotherOne_exitsOneOnTheRegister() throws Exception {
    SignedRegister reg = masakhaneRegister();
    Path data = records();
    Path receipt = dir.resolve("receipt.json");
    CliRunner.Result run = CliRunner.runAt(clock("2026-06-01T12:00:00Z"), "filter", "--purpose", "train",
        "--honour", "attribution", "--at", "2026-06-01", "--in", data.toString(), "--register", reg.dir.toString(),
        "--trust", operatorKey(reg).toString(), "--receipt", receipt.toString());
    assertEquals(0, run.exitCode(), run.err());

    CliRunner.Result without = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", data.toString());
    assertEquals(1, without.exitCode(), without.out());
    assertTrue(without.out().contains("mismatch: register"), without.out());

    // The same entries signed with other keys: another log, another root.
    Files.delete(dir.resolve("operator.pub"));
    Path otherDir = dir.resolve("other");
    Files.createDirectories(otherDir);
    SignedRegister other = new SignedRegister(otherDir.resolve("register"));
    other.admit(RegisterEntry.STEWARD, "2026-01-01T00:00:00Z");
    other.admit("masakhane", "2026-01-01T00:00:00Z");
    other.statement("masakhane", "2026-01-02T00:00:00Z", "allow train", null);
    other.roster("masakhane", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z", List.of("c-1", "c-2", "c-5"));
    CliRunner.Result another = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", data.toString(),
        "--register", other.dir.toString(), "--trust", operatorKey(other).toString());
    assertEquals(1, another.exitCode(), another.out() + another.err());
    assertTrue(another.out().contains("mismatch: register: the register's first 4 entries are not the ones the "
        + "receipt names"), another.out());
  }

  @Test
  void filter_missingInput_exitsTwoAndWritesNoReceiptNorTemporaryFile() throws Exception {
    Path receipt = dir.resolve("receipt.json");
    CliRunner.Result run = filterExample(dir.resolve("missing.jsonl"), receipt);
    assertEquals(2, run.exitCode(), run.err());
    assertFalse(Files.exists(receipt));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
    }
  }

  // ---- runs with a usage store ----

  private static String capped(String id, String contributor, String preference) {
    return "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"contributor\":\"" + contributor + "\","
        + "\"collectives\":[],\"provenance\":{\"source\":\"s\",\"method\":\"chat\","
        + "\"created\":\"2026-03-01T00:00:00Z\"},\"licence\":\"LicenseRef-x\",\"released\":null,"
        + "\"preference\":\"" + preference + "\",\"statements\":[],\"tags\":{}}";
  }

  /**
   * An earlier run with the SQLite store {@code usage.db} used c-1's two items of the day; then the audited run of
   * {@code audited.jsonl} (c-1's a-1 and a-4 refused by the store, a-2 admitted, a-3 denied by its terms) wrote
   * {@code receipt.json}. Returns the audited data.
   */
  private Path usageRun() throws IOException {
    Path earlier = dir.resolve("earlier.jsonl");
    Files.writeString(earlier, capped("e-1", "c-1", "allow train if limit 2 per day") + "\n"
        + capped("e-2", "c-1", "allow train if limit 2 per day") + "\n");
    Path audited = dir.resolve("audited.jsonl");
    Files.writeString(audited, capped("a-1", "c-1", "allow train if limit 2 per day") + "\n"
        + capped("a-2", "c-2", "allow train if limit 2 per day") + "\n"
        + capped("a-3", "c-3", "deny train") + "\n"
        + capped("a-4", "c-1", "allow train if limit 2 per day") + "\n");
    String[] common = {"filter", "--purpose", "train", "--honour", "quota", "--at", "2026-06-01",
        "--usage", dir.resolve("usage.db").toString(), "--consumer", "acme"};
    CliRunner.Result first = CliRunner.run(concat(common, "--in", earlier.toString()));
    assertEquals(0, first.exitCode(), first.err());
    CliRunner.Result second = CliRunner.run(concat(common, "--in", audited.toString(), "--out",
        dir.resolve("allowed.jsonl").toString(), "--receipt", dir.resolve("receipt.json").toString()));
    assertEquals(0, second.exitCode(), second.err());
    assertEquals(List.of("a-2"), Files.readAllLines(dir.resolve("allowed.jsonl")).stream()
        .map(l -> l.substring(l.indexOf("\"id\":\"") + 6, l.indexOf("\"", l.indexOf("\"id\":\"") + 6))).toList(),
        "the store refused a-1 and a-4, which a run without it would allow");
    return audited;
  }

  @Test
  void audit_untouchedRunWithUsage_exitsZeroCountingTheStoreAnswersTakenOnTheReceiptsWord() throws Exception {
    Path data = usageRun();
    Path receipt = dir.resolve("receipt.json");
    JsonNode usage = JSON.readTree(receipt.toFile()).get("usage");
    assertEquals(3, usage.get("reserved").asLong());
    assertTrue(usage.get("store").asText().startsWith("sqlite:"), usage.toString());
    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", data.toString());
    assertEquals(0, audit.exitCode(), audit.out() + audit.err());
    assertTrue(audit.out().contains("usage: 3 line(s) admitted or refused as the receipt says (2 refused): the "
        + "usage store's counts cannot be replayed\n"), audit.out());
    assertTrue(audit.out().endsWith("result: ok\n"), audit.out());
    CliRunner.Result json = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", data.toString(),
        "--format", "json");
    assertEquals(0, json.exitCode(), json.err());
    JsonNode summary = JSON.readTree(json.out());
    assertEquals(3, summary.at("/usage/answers").asLong());
    assertEquals(2, summary.at("/usage/refused").asLong());
  }

  @Test
  void audit_runWithoutUsage_summaryHasNullUsage() throws Exception {
    Path receipt = dir.resolve("receipt.json");
    assertEquals(0, filterExample(EXAMPLE, receipt).exitCode());
    CliRunner.Result json = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", EXAMPLE.toString(),
        "--format", "json");
    assertEquals(0, json.exitCode(), json.err());
    assertTrue(JSON.readTree(json.out()).get("usage").isNull(), json.out());
  }

  @Test
  void audit_usageRunWithALineAllowedWhereItsTermsDeny_exitsOneOnTheDecisionsRoot() throws Exception {
    Path data = usageRun();
    Path receipt = dir.resolve("receipt.json");
    ObjectNode r = (ObjectNode) JSON.readTree(receipt.toFile());
    List<String> lines = Files.readAllLines(data);
    String quota = "limit 2 per day";
    List<byte[]> honest = List.of(leaf(1, "a-1", lines.get(0), "denied", "quota", List.of()),
        leaf(2, "a-2", lines.get(1), "allowed", "", List.of(quota)),
        leaf(3, "a-3", lines.get(2), "denied", "explicit", List.of()),
        leaf(4, "a-4", lines.get(3), "denied", "quota", List.of()));
    assertEquals(r.get("decisionsRoot").asText(), root(honest), "the leaves as docs/AUDIT.md defines them");
    List<byte[]> forged = new ArrayList<>(honest);
    forged.set(2, leaf(3, "a-3", lines.get(2), "allowed", "", List.of()));
    r.put("decisionsRoot", root(forged));
    ObjectNode counts = (ObjectNode) r.get("counts");
    counts.put("allowed", counts.get("allowed").asLong() + 1).put("denied", counts.get("denied").asLong() - 1);
    ((ObjectNode) counts.get("reasons")).put("explicit", 0);
    Files.writeString(receipt, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r) + "\n");
    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", data.toString());
    assertEquals(1, audit.exitCode(), audit.out() + audit.err());
    assertTrue(audit.out().contains("mismatch: decisions-root: "), audit.out());
    assertFalse(audit.out().contains("mismatch: input"), audit.out());
  }

  @Test
  void audit_usageRunWhoseReceiptClaimsTheStoreAdmittedWhatItRefused_exitsOne() throws Exception {
    Path data = usageRun();
    Path receipt = dir.resolve("receipt.json");
    ObjectNode r = (ObjectNode) JSON.readTree(receipt.toFile());
    ((ObjectNode) r.get("usage")).put("admitted", java.util.Base64.getEncoder()
        .encodeToString(new byte[] {(byte) 0b1110_0000}));
    Files.writeString(receipt, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r) + "\n");
    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", data.toString());
    assertEquals(1, audit.exitCode(), audit.out() + audit.err());
    assertTrue(audit.out().contains("mismatch: decisions-root: "), audit.out());
    assertTrue(audit.out().contains("(0 refused)"), audit.out());
  }

  /** One leaf as docs/AUDIT.md defines it ("The leaf"). */
  private static byte[] leaf(long line, String id, String text, String outcome, String reason, List<String> duties)
      throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream d = new java.io.DataOutputStream(bytes);
    d.writeLong(line);
    d.writeByte(1);
    string(d, id);
    d.write(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    string(d, outcome);
    string(d, reason);
    d.writeInt(duties.size());
    for (String duty : duties) {
      string(d, duty);
    }
    return bytes.toByteArray();
  }

  private static void string(java.io.DataOutputStream d, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    d.writeInt(b.length);
    d.write(b);
  }

  private static String root(List<byte[]> leaves) {
    return java.util.HexFormat.of().formatHex(dev.flywheel.policy.register.MerkleTree.root(
        leaves.stream().map(dev.flywheel.policy.register.MerkleTree::leafHash).toList()));
  }

  // ---- fixtures ----

  /** Steward and masakhane admitted, masakhane allows train (seq 2), its roster c-1, c-2, c-5 (seq 3). */
  private SignedRegister masakhaneRegister() throws IOException {
    SignedRegister reg = new SignedRegister(dir.resolve("register"));
    reg.admit(RegisterEntry.STEWARD, "2026-01-01T00:00:00Z");
    reg.admit("masakhane", "2026-01-01T00:00:00Z");
    reg.statement("masakhane", "2026-01-02T00:00:00Z", "allow train", null);
    reg.roster("masakhane", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z", List.of("c-1", "c-2", "c-5"));
    return reg;
  }

  private Path operatorKey(SignedRegister reg) throws IOException {
    Path pub = dir.resolve("operator.pub");
    if (!Files.exists(pub)) {
      String pem = "-----BEGIN PUBLIC KEY-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(reg.operator.publicKey().getEncoded())
          + "\n-----END PUBLIC KEY-----\n";
      Files.writeString(pub, pem);
    }
    return pub;
  }

  /** Five records, all allowed for train with attribution honoured; rec-5 is CC-BY-4.0, released before the run. */
  private Path records() throws IOException {
    Path data = dir.resolve("records.jsonl");
    Files.writeString(data, String.join("\n",
        record("rec-1", "c-1", "LicenseRef-x", "null"),
        record("rec-2", "c-2", "LicenseRef-x", "null"),
        record("rec-3", "c-3", "LicenseRef-x", "null"),
        record("rec-4", "c-4", "LicenseRef-x", "null"),
        record("rec-5", "c-5", "CC-BY-4.0", "\"2026-03-01T00:00:00Z\"")) + "\n");
    return data;
  }

  private static String record(String id, String contributor, String licence, String released) {
    return "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"contributor\":\"" + contributor + "\",\"collectives\":[],"
        + "\"provenance\":{\"source\":\"s\",\"method\":\"chat\",\"created\":\"2026-03-01T00:00:00Z\"},"
        + "\"licence\":\"" + licence + "\",\"released\":" + released + ",\"preference\":\"allow train\","
        + "\"statements\":[],\"tags\":{}}";
  }

  private static JsonNode change(long line, String id, String reason, long seq, String since) {
    ObjectNode node = JSON.createObjectNode();
    node.put("line", line).put("id", id).put("reason", reason).put("registerSeq", seq).put("since", since);
    return node;
  }

  private static String[] concat(String[] head, String... tail) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  private static int startOfLine(byte[] data, int line) {
    int seen = 1;
    for (int i = 0; i < data.length; i++) {
      if (seen == line) {
        return i;
      }
      if (data[i] == '\n') {
        seen++;
      }
    }
    throw new AssertionError("no line " + line);
  }

  private static String lastLine(String out) {
    List<String> lines = out.lines().toList();
    return lines.get(lines.size() - 1);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
