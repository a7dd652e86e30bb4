package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keygen and register commands, end to end on real files. */
class RegisterCommandTest {
  private static final String RECORD_A = "{\"schemaVersion\":1,\"id\":\"rec-1\",\"contributor\":\"c-0001\","
      + "\"collectives\":[\"masakhane\"],\"provenance\":{\"source\":\"voices.example/app\",\"method\":\"upload\","
      + "\"created\":\"2026-05-26T13:33:37Z\"},\"licence\":\"CC0-1.0\",\"released\":null,\"preference\":\"allow train\","
      + "\"tags\":{\"language\":\"yo\"}}";
  private static final String RECORD_B = RECORD_A.replace("rec-1", "rec-2").replace("c-0001", "c-0002");

  @TempDir
  Path tmp;
  Path reg;
  String operator;
  String masakhane;
  String steward;

  private String s(Path p) {
    return p.toString();
  }

  private CliRunner.Result ok(String... args) {
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

  @Test
  void keygen_newKey_privateFileIsOwnerOnlyAndExistingFileIsRefused() throws Exception {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(operator))));
    byte[] before = Files.readAllBytes(Path.of(operator));
    CliRunner.Result again = CliRunner.run("keygen", "--id", "operator", "--out", operator);
    assertEquals(2, again.exitCode());
    assertTrue(again.err().contains("never overwrites"), again.err());
    assertArrayEquals(before, Files.readAllBytes(Path.of(operator)));
  }

  @Test
  void register_publishAndVerify_exit0WithTheCheckpoint() throws Exception {
    ok("register", "add", "--dir", s(reg), "--key", masakhane, "--operator-key", operator, "--collective",
        "masakhane", "--terms", "deny train until 2027-01-01; allow eval", "--effective", "2026-06-01",
        "--tag", "language:yo");
    Path members = tmp.resolve("members.txt");
    Files.writeString(members, "c-0001\nc-0002\n");
    ok("register", "roster", "--dir", s(reg), "--key", masakhane, "--operator-key", operator, "--collective",
        "masakhane", "--members", s(members));
    ok("register", "withdraw", "--dir", s(reg), "--key", steward, "--operator-key", operator, "--item", "rec-9");
    Path records = tmp.resolve("records.jsonl");
    Files.writeString(records, RECORD_A + "\n" + RECORD_B + "\n");
    ok("register", "release", "--dir", s(reg), "--key", steward, "--operator-key", operator, "--release", "r1",
        "--records", s(records));
    assertEquals(2, Files.readAllLines(reg.resolve("releases/r1.digests")).size());
    for (String published : List.of("entries.jsonl", "checkpoint.json", "operator.pub", "releases/r1.digests")) {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(reg.resolve(published)));
      assertEquals('r', mode.charAt(6), published + " is served as a static file: readable by others, " + mode);
    }

    CliRunner.Result verify = ok("register", "verify", "--dir", s(reg), "--trust", operator + ".pub",
        "--format", "json");
    JsonNode json = new ObjectMapper().readTree(verify.out());
    assertTrue(json.get("verified").booleanValue());
    assertEquals(6, json.get("entries").intValue());
    assertEquals(6, json.get("checkpoint").get("size").intValue());

    CliRunner.Result show = ok("register", "show", "--dir", s(reg), "--trust", operator + ".pub", "--at",
        "2026-07-01", "--format", "json");
    JsonNode shown = new ObjectMapper().readTree(show.out());
    assertEquals(0, shown.get("statements").size(), "issued now, after 2026-07-01: nothing was in force then");
    CliRunner.Result later = ok("register", "show", "--dir", s(reg), "--trust", operator + ".pub", "--at",
        "2100-01-01", "--format", "json");
    JsonNode inForce = new ObjectMapper().readTree(later.out());
    assertEquals(1, inForce.get("statements").size());
    assertEquals(2, inForce.get("rosters").get("masakhane").get("members").intValue());
    assertEquals(1, inForce.get("withdrawals").size());
    assertEquals(2, inForce.get("releases").get(0).get("records").intValue());
  }

  @Test
  void registerAdd_invalidTerms_exit1AndNothingAppended() throws Exception {
    byte[] before = Files.readAllBytes(reg.resolve("entries.jsonl"));
    CliRunner.Result r = CliRunner.run("register", "add", "--dir", s(reg), "--key", masakhane, "--collective",
        "masakhane", "--terms", "deny tarin");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("invalid-terms"), r.out());
    assertArrayEquals(before, Files.readAllBytes(reg.resolve("entries.jsonl")));
  }

  @Test
  void registerAdd_keyOfAnotherCollective_exit1IssuerMismatch() {
    CliRunner.Result r = CliRunner.run("register", "add", "--dir", s(reg), "--key", masakhane, "--collective",
        "karya", "--terms", "allow train");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("issuer-mismatch"), r.out());
  }

  @Test
  void registerRelease_anInvalidRecord_exit1AndNoRelease() throws Exception {
    Path records = tmp.resolve("records.jsonl");
    Files.writeString(records, RECORD_A + "\n{\"schemaVersion\":1}\n");
    CliRunner.Result r = CliRunner.run("register", "release", "--dir", s(reg), "--key", steward, "--release", "r1",
        "--records", s(records));
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("line 2"), r.out());
    assertFalse(Files.exists(reg.resolve("releases/r1.digests")));
  }

  @Test
  void registerVerify_oneChangedByte_exit1NamingTheEntry() throws Exception {
    ok("register", "add", "--dir", s(reg), "--key", masakhane, "--operator-key", operator, "--collective",
        "masakhane", "--terms", "eval-only");
    List<String> lines = Files.readAllLines(reg.resolve("entries.jsonl"));
    String line = lines.get(2);
    int at = line.indexOf("\"payload\":\"") + 20;
    char c = line.charAt(at);
    lines.set(2, line.substring(0, at) + (c == 'A' ? 'B' : 'A') + line.substring(at + 1));
    Files.write(reg.resolve("entries.jsonl"), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    CliRunner.Result r = CliRunner.run("register", "verify", "--dir", s(reg), "--trust", operator + ".pub");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("entry 2"), r.out());
    CliRunner.Result json = CliRunner.run("register", "verify", "--dir", s(reg), "--trust", operator + ".pub",
        "--format", "json");
    assertEquals(1, json.exitCode());
    assertEquals(2, new ObjectMapper().readTree(json.out()).get("seq").intValue());
  }

  @Test
  void registerVerify_sinceAnEarlierCheckpoint_exit0AfterGrowthAndExit1AfterARewrite() throws Exception {
    Path saved = tmp.resolve("seen.json");
    Files.copy(reg.resolve("checkpoint.json"), saved);
    ok("register", "add", "--dir", s(reg), "--key", masakhane, "--operator-key", operator, "--collective",
        "masakhane", "--terms", "eval-only");
    CliRunner.Result grew = ok("register", "verify", "--dir", s(reg), "--trust", operator + ".pub", "--since",
        s(saved));
    assertTrue(grew.out().contains("nothing rewritten or removed"), grew.out());
    // A register rebuilt from scratch by the same operator: it verifies alone, not as a continuation.
    Path other = tmp.resolve("other");
    ok("register", "init", "--dir", s(other), "--operator-key", operator);
    ok("register", "admit", "--dir", s(other), "--operator-key", operator, "--issuer", "steward",
        "--public-key", steward + ".pub");
    ok("register", "admit", "--dir", s(other), "--operator-key", operator, "--issuer", "masakhane",
        "--public-key", masakhane + ".pub");
    ok("register", "verify", "--dir", s(other), "--trust", operator + ".pub");
    CliRunner.Result r = CliRunner.run("register", "verify", "--dir", s(other), "--trust", operator + ".pub",
        "--since", s(saved));
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("not-append-only"), r.out());
  }

  @Test
  void registerVerify_withoutTrust_usageError() {
    CliRunner.Result r = CliRunner.run("register", "verify", "--dir", s(reg));
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--trust"), r.err());
  }

  @Test
  void registerVerify_trustingAnotherKey_exit1() {
    CliRunner.Result r = CliRunner.run("register", "verify", "--dir", s(reg), "--trust", masakhane + ".pub");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("entry 0"), r.out());
  }

  @Test
  void registerRetire_thenTheKeySigns_exit1RetiredKey() throws Exception {
    String keyid = dev.flywheel.policy.register.Keys.keyId(dev.flywheel.policy.register.Keys.readPublicKey(
        Path.of(masakhane + ".pub")).orElseThrow());
    ok("register", "retire", "--dir", s(reg), "--operator-key", operator, "--issuer", "masakhane", "--keyid", keyid);
    CliRunner.Result r = CliRunner.run("register", "add", "--dir", s(reg), "--key", masakhane, "--collective",
        "masakhane", "--terms", "allow train");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("retired-key"), r.out());
  }
}
