package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

/**
 * A register made through the commands, as an operator starts one: keys for the operator, the collective
 * {@code masakhane} and the {@code steward} (each {@code FILE} with its {@code FILE.pub}), the register initialised in
 * {@code dir}, and both issuers admitted.
 */
record CommandRegister(Path dir, String operator, String masakhane, String steward) {

  /** Makes the keys and the register under {@code tmp} ({@code tmp/reg}); every command must exit 0. */
  static CommandRegister create(Path tmp) {
    CommandRegister r = new CommandRegister(tmp.resolve("reg"), tmp.resolve("operator.pem").toString(),
        tmp.resolve("masakhane.pem").toString(), tmp.resolve("steward.pem").toString());
    ok("keygen", "--id", "operator", "--out", r.operator);
    ok("keygen", "--id", "masakhane", "--out", r.masakhane);
    ok("keygen", "--id", "steward", "--out", r.steward);
    ok("register", "init", "--dir", r.dir.toString(), "--operator-key", r.operator);
    ok("register", "admit", "--dir", r.dir.toString(), "--operator-key", r.operator, "--issuer", "masakhane",
        "--public-key", r.masakhane + ".pub");
    ok("register", "admit", "--dir", r.dir.toString(), "--operator-key", r.operator, "--issuer", "steward",
        "--public-key", r.steward + ".pub");
    return r;
  }

  /** Runs a command that must exit 0, showing its output when it does not. */
  static CliRunner.Result ok(String... args) {
    CliRunner.Result r = CliRunner.run(args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }
}
