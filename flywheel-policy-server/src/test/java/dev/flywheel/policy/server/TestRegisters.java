package dev.flywheel.policy.server;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/** Real, signed registers for the tests, written by the register module's own writer. */
final class TestRegisters {
  private TestRegisters() {}

  /** A register folder and the operator's public key file. */
  record Register(Path folder, Path operatorKey) {}

  /** A register of two entries: the operator admits masakhane's key, masakhane states its terms. */
  static Register twoEntries(Path dir) throws Exception {
    KeyPair operatorPair = Keys.generate();
    Path operatorKey = dir.resolve("operator.key");
    Keys.write(operatorPair, operatorKey);
    RegisterWriter.Signer operator = new RegisterWriter.Signer(operatorPair.getPrivate(), operatorPair.getPublic());
    KeyPair collectivePair = Keys.generate();
    RegisterWriter.Signer collective = new RegisterWriter.Signer(collectivePair.getPrivate(),
        collectivePair.getPublic());
    Path folder = dir.resolve("register");
    check(RegisterWriter.init(folder, operator));
    Clock clock = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);
    PolicyEngine engine = PolicyEngine.builder().build();
    check(RegisterWriter.append(folder, operator, operator, (seq, issuer, at) -> new RegisterEntry.Admit(seq, issuer,
        at, "masakhane", Base64.getEncoder().encodeToString(collectivePair.getPublic().getEncoded()),
        Keys.keyId(collectivePair.getPublic())), clock, RegisterLimits.defaults(), engine));
    check(RegisterWriter.append(folder, collective, operator, (seq, issuer, at) -> new RegisterEntry.Statement(seq,
        issuer, at, "deny train-genai; allow eval", null, RegisterEntry.Scope.ALL, List.of()), clock,
        RegisterLimits.defaults(), engine));
    return new Register(folder, Keys.publicKeyPath(operatorKey));
  }

  private static void check(RegisterWriter.Result result) {
    if (result instanceof RegisterWriter.Refused refused) {
      throw new IllegalStateException("the test register was refused: " + refused);
    }
  }

  /** Flips one byte of the entries' signatures: the register no longer verifies. */
  static void tamper(Register register) throws Exception {
    Path entries = register.folder().resolve("entries.jsonl");
    String text = Files.readString(entries);
    int at = text.indexOf("\"sig\":\"") + 8;
    char c = text.charAt(at);
    Files.writeString(entries, text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1));
  }
}
