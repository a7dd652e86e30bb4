package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code filter} and {@code decide --item} with {@code --register}: the usage rules and a refused register. */
class RegisterOptionsTest {
  @TempDir
  Path dir;

  private Path records() throws IOException {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, """
        {"schemaVersion":1,"id":"rec-1","contributor":"c-1","collectives":[],"provenance":{"source":"s","method":"chat","created":"2026-03-01T00:00:00Z"},"licence":"CC0-1.0","released":null,"preference":"allow train","tags":{}}
        """, StandardCharsets.UTF_8);
    return in;
  }

  private Path operatorKey() throws NoSuchAlgorithmException, IOException {
    byte[] der = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
    Path pub = dir.resolve("operator.pub");
    Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
    return pub;
  }

  @Test
  void filter_registerWithoutTrust_isUsageError() throws IOException {
    Files.createDirectories(dir.resolve("reg"));
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--in", records().toString(),
        "--out", dir.resolve("out.jsonl").toString(), "--register", dir.resolve("reg").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--register needs --trust"), r.err());
    assertFalse(Files.exists(dir.resolve("out.jsonl")));
  }

  @Test
  void filter_requireReleaseWithoutRegister_isUsageError() throws IOException {
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--in", records().toString(),
        "--require-release");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--require-release needs --register"), r.err());
  }

  @Test
  void filter_trustNotAKey_isUsageError() throws IOException {
    Files.createDirectories(dir.resolve("reg"));
    Path notAKey = dir.resolve("operator.pub");
    Files.writeString(notAKey, "hello\n");
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--in", records().toString(),
        "--register", dir.resolve("reg").toString(), "--trust", notAKey.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("not an Ed25519 public key"), r.err());
  }

  @Test
  void filter_registerThatFailsVerification_exits1AndWritesNothing() throws Exception {
    Path register = Files.createDirectories(dir.resolve("reg")); // no entries.jsonl, no checkpoint.json
    Path out = dir.resolve("out.jsonl");
    Path ledger = dir.resolve("ledger.json");
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--in", records().toString(),
        "--out", out.toString(), "--ledger", ledger.toString(), "--register", register.toString(),
        "--trust", operatorKey().toString());
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("refused"), r.err());
    assertTrue(r.err().contains("nothing was decided"), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
    assertEquals("", r.out(), "no summary");
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(ledger));
  }

  @Test
  void decide_itemWithRegisterThatFailsVerification_exits1() throws Exception {
    Path register = Files.createDirectories(dir.resolve("reg"));
    Path item = dir.resolve("item.json");
    Files.writeString(item, Files.readString(records()).strip());
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "--item", item.toString(),
        "--register", register.toString(), "--trust", operatorKey().toString());
    assertEquals(1, r.exitCode(), r.err());
    assertEquals("", r.out(), "nothing decided");
  }

  @Test
  void decide_termsWithRegister_isUsageError() throws Exception {
    Files.createDirectories(dir.resolve("reg"));
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "allow train",
        "--register", dir.resolve("reg").toString(), "--trust", operatorKey().toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--item"), r.err());
  }
}
