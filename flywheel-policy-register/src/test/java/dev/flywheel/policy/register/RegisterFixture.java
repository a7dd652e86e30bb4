package dev.flywheel.policy.register;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.flywheel.policy.PolicyEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A small register built with the writer, with its keys, for the verification tests. */
final class RegisterFixture {
  static final PolicyEngine ENGINE = PolicyEngine.builder().build();
  static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  final Path dir;
  final KeyPair operator = Keys.generate();
  final KeyPair masakhane = Keys.generate();
  final KeyPair karya = Keys.generate();
  final KeyPair steward = Keys.generate();
  Instant now = T0;

  RegisterFixture(Path dir) {
    this.dir = dir;
  }

  static RegisterWriter.Signer signer(KeyPair pair) {
    return new RegisterWriter.Signer(pair.getPrivate(), pair.getPublic());
  }

  Clock clock() {
    now = now.plusSeconds(60);
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  /** init, admit masakhane, karya and the steward, a statement, a roster, a withdrawal, a release: seq 0 to 6. */
  RegisterFixture standard() throws IOException {
    init();
    admit("masakhane", masakhane);
    admit("karya", karya);
    admit("steward", steward);
    ok(append(masakhane, (seq, issuer, at) -> new RegisterEntry.Statement(seq, issuer, at,
        "deny train until 2027-01-01; allow eval", null, RegisterEntry.Scope.ALL, List.of())));
    ok(append(masakhane, (seq, issuer, at) -> new RegisterEntry.Roster(seq, issuer, at, at,
        List.of("c-0001", "c-0002"))));
    ok(RegisterWriter.appendRelease(dir, signer(steward), signer(operator), "r1",
        List.of(hex('a'), hex('b'), hex('c')), clock(), RegisterLimits.defaults(), ENGINE));
    return this;
  }

  static String hex(char c) {
    return String.valueOf(c).repeat(64);
  }

  void init() throws IOException {
    ok(RegisterWriter.init(dir, signer(operator)));
  }

  void admit(String subject, KeyPair key) throws IOException {
    String pub = java.util.Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    ok(append(operator, (seq, issuer, at) -> new RegisterEntry.Admit(seq, issuer, at, subject, pub,
        Keys.keyId(key.getPublic()))));
  }

  RegisterWriter.Result append(KeyPair key, RegisterWriter.EntryFactory factory) throws IOException {
    return RegisterWriter.append(dir, signer(key), signer(operator), factory, clock(), RegisterLimits.defaults(),
        ENGINE);
  }

  static RegisterWriter.Appended ok(RegisterWriter.Result result) {
    return assertInstanceOf(RegisterWriter.Appended.class, result, () -> String.valueOf(result));
  }

  LoadResult load() {
    return load(RegisterLimits.defaults());
  }

  LoadResult load(RegisterLimits limits) {
    return RegisterLog.load(dir, operator.getPublic(), limits, ENGINE, null);
  }

  List<String> lines() throws IOException {
    return Files.readAllLines(dir.resolve(RegisterLog.ENTRIES), StandardCharsets.UTF_8);
  }

  void writeLines(List<String> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    Files.writeString(dir.resolve(RegisterLog.ENTRIES), text.toString(), StandardCharsets.UTF_8);
  }

  /** Signs any payload text with a key, as a hand-made line. */
  static String line(KeyPair key, String payload) {
    return new String(Dsse.toJson(Dsse.sign(RegisterLog.PAYLOAD_TYPE, payload.getBytes(StandardCharsets.UTF_8),
        key.getPrivate(), Keys.keyId(key.getPublic()))), StandardCharsets.UTF_8);
  }

  /** Re-signs the checkpoint over the current log, as an operator would after a hand-made change. */
  void resignCheckpoint() throws IOException {
    ok(RegisterWriter.signCheckpoint(dir, signer(operator), RegisterLimits.defaults(), ENGINE));
  }

  /** Re-signs the checkpoint over the log's bytes without verifying them (the writer would refuse). */
  void forceCheckpoint() throws IOException {
    List<byte[]> leaves = new java.util.ArrayList<>();
    for (String line : lines()) {
      leaves.add(MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8)));
    }
    Checkpoint checkpoint = new Checkpoint(leaves.size(), java.util.HexFormat.of().formatHex(MerkleTree.root(leaves)));
    Files.write(dir.resolve(RegisterLog.CHECKPOINT), Checkpoints.sign(checkpoint, operator.getPrivate(),
        Keys.keyId(operator.getPublic())));
  }
}
