package dev.flywheel.policy.register.testing;

import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterWriter;

import dev.flywheel.policy.PolicyEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real register folder for tests: keys generated, every entry signed and appended by {@link RegisterWriter}, the
 * checkpoint signed by the operator, loaded back through verification ({@link Register#load}). Shared with the tests
 * of the modules that apply a register through this module's test jar.
 */
public final class SignedRegister {
  private static final PolicyEngine ENGINE = PolicyEngine.builder().build();
  public final Path dir;
  public final RegisterWriter.Signer operator;
  private final Map<String, RegisterWriter.Signer> issuers = new HashMap<>();

  public SignedRegister(Path dir) throws IOException {
    this.dir = dir;
    this.operator = signer(Keys.generate());
    expectAppended(RegisterWriter.init(dir, operator));
  }

  private static RegisterWriter.Signer signer(KeyPair pair) {
    return new RegisterWriter.Signer(pair.getPrivate(), pair.getPublic());
  }

  private static RegisterEntry expectAppended(RegisterWriter.Result result) {
    if (result instanceof RegisterWriter.Appended a) {
      return a.entry();
    }
    throw new AssertionError("refused: " + result);
  }

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private long append(RegisterWriter.Signer signer, String issuedAt, RegisterWriter.EntryFactory factory)
      throws IOException {
    return expectAppended(RegisterWriter.append(dir, signer, operator, factory, at(issuedAt),
        RegisterLimits.defaults(), ENGINE)).seq();
  }

  public long admit(String issuer, String issuedAt) throws IOException {
    RegisterWriter.Signer key = signer(Keys.generate());
    issuers.put(issuer, key);
    String pub = java.util.Base64.getEncoder().encodeToString(key.publicKey().getEncoded());
    return append(operator, issuedAt, (seq, by, t) -> new RegisterEntry.Admit(seq, by, t, issuer, pub, key.keyid()));
  }

  public long statement(String collective, String issuedAt, String terms, String effective, Long... supersedes)
      throws IOException {
    return append(issuers.get(collective), issuedAt, (seq, by, t) -> new RegisterEntry.Statement(seq, by, t, terms,
        effective == null ? null : Instant.parse(effective), RegisterEntry.Scope.ALL, List.of(supersedes)));
  }

  public long roster(String collective, String issuedAt, String effective, List<String> members) throws IOException {
    return append(issuers.get(collective), issuedAt, (seq, by, t) -> new RegisterEntry.Roster(seq, by, t,
        Instant.parse(effective), members));
  }

  public long withdraw(String issuer, String issuedAt, String effective, List<String> items, List<String> contributors)
      throws IOException {
    return append(issuers.get(issuer), issuedAt, (seq, by, t) -> new RegisterEntry.Withdrawal(seq, by, t,
        Instant.parse(effective), items, contributors));
  }

  public long release(String id, String issuedAt, List<String> digests) throws IOException {
    return expectAppended(RegisterWriter.appendRelease(dir, issuers.get(RegisterEntry.STEWARD), operator, id, digests,
        at(issuedAt), RegisterLimits.defaults(), ENGINE)).seq();
  }

  public Register.LoadOutcome load() {
    return Register.load(dir, operator.publicKey(), RegisterLimits.defaults());
  }

  public Register register() {
    Register.LoadOutcome outcome = load();
    if (outcome instanceof Register.Loaded l) {
      return l.register();
    }
    throw new AssertionError("refused: " + outcome);
  }
}
