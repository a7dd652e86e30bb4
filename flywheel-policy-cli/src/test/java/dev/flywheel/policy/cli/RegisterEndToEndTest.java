package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.RegisterWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The register through the commands, end to end on real files: entries appended without the operator's key (not yet
 * in a checkpoint) as {@code verify}, {@code verify --since}, {@code show} and {@code filter --register} treat them;
 * tampered registers refused by {@code verify} and by {@code filter}; {@code decide --item} and
 * {@code filter --require-release} under a register.
 */
class RegisterEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AT = "2100-01-01";
  /** c-1 of masakhane; a licence that is not irrevocable, so a withdrawal is not held back by a licence floor. */
  private static final String RECORD = "{\"schemaVersion\":1,\"id\":\"rec-1\",\"contributor\":\"c-1\","
      + "\"collectives\":[\"masakhane\"],\"provenance\":{\"source\":\"voices.example/app\",\"method\":\"upload\","
      + "\"created\":\"2026-01-01T00:00:00Z\"},\"licence\":\"LicenseRef-flywheel-contribution\",\"released\":null,"
      + "\"preference\":\"allow train, eval\",\"tags\":{\"language\":\"yo\"}}";
  private static final String OTHER = RECORD.replace("rec-1", "rec-2").replace("c-1", "c-2");

  @TempDir
  Path tmp;
  Path reg;
  String operator;
  String masakhane;
  String steward;

  private static String s(Path p) {
    return p.toString();
  }

  private static CliRunner.Result ok(String... args) {
    return CommandRegister.ok(args);
  }

  @BeforeEach
  void setUp() {
    CommandRegister r = CommandRegister.create(tmp);
    reg = r.dir();
    operator = r.operator();
    masakhane = r.masakhane();
    steward = r.steward();
  }

  private Path records(String... lines) throws IOException {
    Path in = tmp.resolve("in-" + lines.length + ".jsonl");
    Files.writeString(in, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return in;
  }

  /** Two entries signed by masakhane alone: a statement and a withdrawal of its member c-1, not checkpointed. */
  private void appendUncovered() {
    ok("register", "add", "--dir", s(reg), "--key", masakhane, "--collective", "masakhane", "--terms",
        "deny eval");
    ok("register", "withdraw", "--dir", s(reg), "--key", masakhane, "--contributor", "c-1");
  }

  private JsonNode filterLedger(Path in, Path out, String... extra) throws IOException {
    Path ledger = tmp.resolve(out.getFileName() + ".ledger.json");
    List<String> args = new ArrayList<>(List.of("filter", "--purpose", "train", "--at", AT, "--in", s(in),
        "--out", s(out), "--ledger", s(ledger), "--register", s(reg), "--trust", operator + ".pub"));
    args.addAll(List.of(extra));
    ok(args.toArray(String[]::new));
    return JSON.readTree(ledger.toFile());
  }

  // ---- entries not yet in a checkpoint ----

  @Test
  void registerVerify_appendsWithoutOperatorKey_saysWhichEntriesAreNotYetCheckpointed() throws IOException {
    appendUncovered();
    CliRunner.Result text = ok("register", "verify", "--dir", s(reg), "--trust", operator + ".pub");
    assertTrue(text.out().contains("verified: 4 entries"), text.out());
    assertTrue(text.out().contains("checkpoint: size 2,"), text.out());
    assertTrue(text.out().contains("(entries 2 to 3 are signed but not yet in a checkpoint)"), text.out());
    JsonNode json = JSON.readTree(ok("register", "verify", "--dir", s(reg), "--trust", operator + ".pub",
        "--format", "json").out());
    assertEquals(4, json.get("entries").intValue());
    assertEquals(2, json.get("checkpoint").get("size").intValue());

    ok("register", "checkpoint", "--dir", s(reg), "--operator-key", operator);
    CliRunner.Result covered = ok("register", "verify", "--dir", s(reg), "--trust", operator + ".pub");
    assertTrue(covered.out().contains("checkpoint: size 4,"), covered.out());
    assertFalse(covered.out().contains("not yet in a checkpoint"), covered.out());
  }

  @Test
  void registerVerify_sinceCheckpointWithUncoveredSuffix_exit0AndARewrittenPrefixStillCaught() throws IOException {
    Path seen = tmp.resolve("seen.json");
    Files.copy(reg.resolve("checkpoint.json"), seen);
    appendUncovered();
    CliRunner.Result grew = ok("register", "verify", "--dir", s(reg), "--trust", operator + ".pub", "--since",
        s(seen));
    assertTrue(grew.out().contains("grew from the checkpoint of 2 entries: nothing rewritten or removed"),
        grew.out());
    JsonNode json = JSON.readTree(ok("register", "verify", "--dir", s(reg), "--trust", operator + ".pub",
        "--since", s(seen), "--format", "json").out());
    assertEquals(2, json.get("since").intValue());
    assertEquals(4, json.get("entries").intValue());

    // The suffix is verified entry by entry: one changed byte in it is refused, with or without --since.
    List<String> lines = Files.readAllLines(reg.resolve("entries.jsonl"));
    lines.set(3, changeByte(lines.get(3)));
    Files.write(reg.resolve("entries.jsonl"), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    CliRunner.Result r = CliRunner.run("register", "verify", "--dir", s(reg), "--trust", operator + ".pub",
        "--since", s(seen), "--format", "json");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertEquals(3, JSON.readTree(r.out()).get("seq").intValue());
    assertEquals("bad-signature", JSON.readTree(r.out()).get("code").asText());
  }

  @Test
  void registerVerify_uncoveredTailDropped_verifiesAsDocumentedUntilCheckpointed() throws IOException {
    // docs/REGISTER.md section 11: entries not yet checkpointed can be dropped by a mirror unnoticed; once the
    // operator signs a checkpoint over them, dropping one is refused.
    appendUncovered();
    Path full = tmp.resolve("full.jsonl");
    Files.copy(reg.resolve("entries.jsonl"), full);
    rewriteLog(l -> l.subList(0, 3));
    JsonNode dropped = JSON.readTree(ok("register", "verify", "--dir", s(reg), "--trust", operator + ".pub",
        "--format", "json").out());
    assertEquals(3, dropped.get("entries").intValue());

    Files.copy(full, reg.resolve("entries.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ok("register", "checkpoint", "--dir", s(reg), "--operator-key", operator);
    rewriteLog(l -> l.subList(0, 3));
    CliRunner.Result r = CliRunner.run("register", "verify", "--dir", s(reg), "--trust", operator + ".pub",
        "--format", "json");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertEquals("checkpoint-mismatch", JSON.readTree(r.out()).get("code").asText(), r.out());
  }

  @Test
  void registerShow_uncoveredEntries_areInForceLikeAnyVerifiedEntry() throws IOException {
    appendUncovered();
    JsonNode shown = JSON.readTree(ok("register", "show", "--dir", s(reg), "--trust", operator + ".pub", "--at",
        AT, "--format", "json").out());
    assertEquals(1, shown.get("statements").size(), shown.toString());
    assertEquals(1, shown.get("withdrawals").size(), shown.toString());
  }

  @Test
  void filterRegister_uncoveredWithdrawal_isHonoured() throws IOException {
    appendUncovered();
    Path out = tmp.resolve("out.jsonl");
    JsonNode ledger = filterLedger(records(RECORD, OTHER), out);
    assertEquals(1, ledger.get("reasons").get("withdrawn").intValue(), ledger.toString());
    assertEquals(1, ledger.get("records").get("allowed").intValue(), ledger.toString());
    assertTrue(Files.readString(out).contains("\"rec-2\""));
    assertFalse(Files.readString(out).contains("\"rec-1\""));
  }

  // ---- register add's options, as show reports them ----

  @Test
  void registerShow_successorNotYetEffective_keepsTheSupersededStatementInForce() throws IOException {
    ok("register", "add", "--dir", s(reg), "--key", masakhane, "--operator-key", operator, "--collective",
        "masakhane", "--terms", "deny train");
    ok("register", "add", "--dir", s(reg), "--key", masakhane, "--operator-key", operator, "--collective",
        "masakhane", "--terms", "deny eval", "--effective", "2099-01-01", "--supersedes", "2",
        "--contributed-from", "2026-01-01", "--contributed-until", "2026-06-01T12:00:00+02:00",
        "--tag", "language:yo");
    JsonNode before = JSON.readTree(ok("register", "show", "--dir", s(reg), "--trust", operator + ".pub", "--at",
        "2098-12-31T23:59:59Z", "--format", "json").out());
    assertEquals(1, before.get("statements").size(), before.toString());
    assertEquals(2, before.get("statements").get(0).get("seq").intValue(), before.toString());

    JsonNode after = JSON.readTree(ok("register", "show", "--dir", s(reg), "--trust", operator + ".pub", "--at",
        "2099-01-01", "--format", "json").out());
    assertEquals(1, after.get("statements").size(), after.toString());
    JsonNode successor = after.get("statements").get(0);
    assertEquals(3, successor.get("seq").intValue(), after.toString());
    assertEquals("2099-01-01T00:00:00Z", successor.get("effective").asText());
    assertEquals("2026-01-01T00:00:00Z", successor.get("scope").get("contributedFrom").asText());
    assertEquals("2026-06-01T10:00:00Z", successor.get("scope").get("contributedUntil").asText());
    assertEquals("[\"language:yo\"]", successor.get("scope").get("tags").toString());

    CliRunner.Result text = ok("register", "show", "--dir", s(reg), "--trust", operator + ".pub", "--at",
        "2099-01-01");
    assertTrue(text.out().contains("contributed until 2026-06-01T10:00:00Z"), text.out());
  }

  @Test
  void decideItem_registerWithoutTrust_usageError() throws IOException {
    Path item = tmp.resolve("item.json");
    Files.writeString(item, RECORD);
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "eval", "--item", s(item), "--register", s(reg));
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("--trust"), r.err());
    assertEquals("", r.out());
  }

  // ---- tampered registers: verify names the entry, filter refuses to run ----

  private static String changeByte(String line) {
    int at = line.indexOf("\"payload\":\"") + 20;
    char c = line.charAt(at);
    return line.substring(0, at) + (c == 'A' ? 'B' : 'A') + line.substring(at + 1);
  }

  private void rewriteLog(UnaryOperator<List<String>> change) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(reg.resolve("entries.jsonl")));
    List<String> changed = change.apply(lines);
    Files.write(reg.resolve("entries.jsonl"), (String.join("\n", changed) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** An entry signed by a key no entry admits, appended as a fifth line. */
  private static String unadmittedLine() {
    KeyPair stranger = Keys.generate();
    RegisterWriter.Signer signer = new RegisterWriter.Signer(stranger.getPrivate(), stranger.getPublic());
    return new String(RegisterWriter.signedLine(new RegisterEntry.Statement(4, "masakhane",
        Instant.parse("2099-01-01T00:00:00Z"), "allow train", null, RegisterEntry.Scope.ALL, List.of()), signer),
        StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"changed-byte-first", "changed-byte-middle", "changed-byte-last", "reordered",
      "removed-middle", "removed-last", "unadmitted-key"})
  void tamperedRegister_verifyExits1NamingTheEntry_andFilterRefusesToRun(String fault) throws IOException {
    ok("register", "add", "--dir", s(reg), "--key", masakhane, "--operator-key", operator, "--collective",
        "masakhane", "--terms", "deny eval");
    ok("register", "withdraw", "--dir", s(reg), "--key", steward, "--operator-key", operator, "--item", "rec-9");
    // Entries: 0 admit masakhane, 1 admit steward, 2 statement, 3 withdrawal; the checkpoint covers all four.
    long expectedSeq = switch (fault) {
      case "changed-byte-first" -> {
        rewriteLog(l -> { l.set(0, changeByte(l.get(0))); return l; });
        yield 0;
      }
      case "changed-byte-middle" -> {
        rewriteLog(l -> { l.set(2, changeByte(l.get(2))); return l; });
        yield 2;
      }
      case "changed-byte-last" -> {
        rewriteLog(l -> { l.set(3, changeByte(l.get(3))); return l; });
        yield 3;
      }
      case "reordered" -> {
        rewriteLog(l -> List.of(l.get(0), l.get(2), l.get(1), l.get(3)));
        yield 1;
      }
      case "removed-middle" -> {
        rewriteLog(l -> List.of(l.get(0), l.get(1), l.get(3)));
        yield 2;
      }
      case "removed-last" -> {
        rewriteLog(l -> l.subList(0, 3));
        yield 3;
      }
      default -> {
        rewriteLog(l -> { l.add(unadmittedLine()); return l; });
        yield 4;
      }
    };
    CliRunner.Result verify = CliRunner.run("register", "verify", "--dir", s(reg), "--trust", operator + ".pub");
    assertEquals(1, verify.exitCode(), verify.out() + verify.err());
    assertTrue(verify.out().contains("entry " + expectedSeq), verify.out());
    CliRunner.Result json = CliRunner.run("register", "verify", "--dir", s(reg), "--trust", operator + ".pub",
        "--format", "json");
    assertEquals(expectedSeq, JSON.readTree(json.out()).get("seq").longValue(), json.out());

    Path out = tmp.resolve("out.jsonl");
    Path ledger = tmp.resolve("ledger.json");
    CliRunner.Result filter = CliRunner.run("filter", "--purpose", "train", "--at", AT, "--in", s(records(RECORD)),
        "--out", s(out), "--ledger", s(ledger), "--register", s(reg), "--trust", operator + ".pub");
    assertEquals(1, filter.exitCode(), filter.err());
    assertTrue(filter.err().contains("entry " + expectedSeq), filter.err());
    assertTrue(filter.err().contains("nothing was decided"), filter.err());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(ledger));
  }

  // ---- decide --item and filter --require-release ----

  @Test
  void decideItem_underRegister_withdrawnItemDeniedWithRegisterReason() throws IOException {
    ok("register", "withdraw", "--dir", s(reg), "--key", masakhane, "--operator-key", operator,
        "--contributor", "c-1");
    Path item = tmp.resolve("item.json");
    Files.writeString(item, RECORD);
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "eval", "--at", AT, "--item", s(item),
        "--register", s(reg), "--trust", operator + ".pub", "--format", "json");
    assertEquals(0, r.exitCode(), "a decision was printed, deny included: " + r.out() + r.err());
    JsonNode decision = JSON.readTree(r.out());
    assertEquals("deny", decision.get("decision").asText(), r.out());
    assertEquals("explicit", decision.get("basis").asText(), r.out());
    assertEquals(1, decision.get("reasons").size(), r.out());
    assertEquals("register", decision.get("reasons").get(0).get("layer").asText(), r.out());
    assertEquals("2", decision.get("reasons").get(0).get("name").asText(), "the withdrawal's seq: " + r.out());

    CliRunner.Result plain = CliRunner.run("decide", "--purpose", "eval", "--at", AT, "--item", s(item),
        "--format", "json");
    assertEquals("allow", JSON.readTree(plain.out()).get("decision").asText(), plain.out());
  }

  @Test
  void decideItem_requireRelease_editedItemDeniedAndReleasedItemDecided() throws IOException {
    ok("register", "release", "--dir", s(reg), "--key", steward, "--operator-key", operator, "--release", "r1",
        "--records", s(records(RECORD)));
    Path released = tmp.resolve("released.json");
    Files.writeString(released, RECORD);
    Path edited = tmp.resolve("edited.json");
    Files.writeString(edited, RECORD.replace("allow train, eval", "allow any"));
    String[] register = {"--register", s(reg), "--trust", operator + ".pub", "--require-release", "--format", "json"};
    CliRunner.Result ok = CliRunner.run(concat(new String[] {"decide", "--purpose", "eval", "--at", AT, "--item",
        s(released)}, register));
    assertEquals("allow", JSON.readTree(ok.out()).get("decision").asText(), ok.out());
    CliRunner.Result denied = CliRunner.run(concat(new String[] {"decide", "--purpose", "eval", "--at", AT, "--item",
        s(edited)}, register));
    assertEquals("deny", JSON.readTree(denied.out()).get("decision").asText(), denied.out());
    assertTrue(denied.out().contains("no release in force"), denied.out());
  }

  @Test
  void filterRequireRelease_editedRecordDeniedUnreleased_countsInLedger() throws IOException {
    ok("register", "release", "--dir", s(reg), "--key", steward, "--operator-key", operator, "--release", "r1",
        "--records", s(records(RECORD)));
    // rec-2 was never released; rec-1's copy has its preference loosened after release.
    String loosened = RECORD.replace("allow train, eval", "allow any");
    Path in = records(RECORD, loosened, OTHER);
    JsonNode required = filterLedger(in, tmp.resolve("required.jsonl"), "--require-release");
    assertEquals(2, required.get("reasons").get("unreleased").intValue(), required.toString());
    assertEquals(1, required.get("register").get("matchedRelease").intValue(), required.toString());
    assertEquals(1, required.get("records").get("allowed").intValue(), required.toString());

    JsonNode counted = filterLedger(in, tmp.resolve("counted.jsonl"));
    assertEquals(0, counted.get("reasons").get("unreleased").intValue(), counted.toString());
    assertEquals(1, counted.get("register").get("matchedRelease").intValue(), counted.toString());
    assertEquals(3, counted.get("records").get("allowed").intValue(), counted.toString());
  }

  @Test
  void filterRegister_rosterInForce_ledgerAttributionByCollectiveFollowsTheRoster() throws IOException {
    Path members = tmp.resolve("members.txt");
    Files.writeString(members, "c-1\nc-3\n");
    ok("register", "roster", "--dir", s(reg), "--key", masakhane, "--operator-key", operator, "--collective",
        "masakhane", "--members", s(members));
    // c-1 and c-3 dropped masakhane from their records but are on the roster; c-2 claims it and is not.
    String ccBy = RECORD.replace("LicenseRef-flywheel-contribution", "CC-BY-4.0");
    String first = ccBy.replace("\"collectives\":[\"masakhane\"]", "\"collectives\":[]");
    String third = first.replace("rec-1", "rec-3").replace("c-1", "c-3");
    String claims = ccBy.replace("rec-1", "rec-2").replace("c-1", "c-2");
    Path in = records(first, claims, third);
    JsonNode ledger = filterLedger(in, tmp.resolve("out.jsonl"), "--honour", "attribution");
    assertEquals(3, ledger.get("attribution").get("items").intValue(), ledger.toString());
    assertEquals("{\"masakhane\":2}", ledger.get("attribution").get("byCollective").toString(), ledger.toString());

    Path plain = tmp.resolve("plain.ledger.json");
    ok("filter", "--purpose", "train", "--at", AT, "--honour", "attribution", "--in", s(in), "--out",
        s(tmp.resolve("plain.jsonl")), "--ledger", s(plain));
    JsonNode plainLedger = JSON.readTree(plain.toFile());
    assertEquals("{\"masakhane\":1}", plainLedger.get("attribution").get("byCollective").toString(),
        "without the register the records' own claims count: " + plainLedger);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
