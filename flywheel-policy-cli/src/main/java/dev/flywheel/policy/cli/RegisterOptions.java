package dev.flywheel.policy.cli;

import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --register D --trust OPERATOR.pub [--require-release]}: the options of the commands that decide records under
 * a verified register (docs/LANGUAGE.md section 10.4). The register is loaded and verified once, before any input is
 * read or any output created; a register that fails verification stops the command (exit 1) with the first bad
 * entry and why, and nothing is decided.
 */
final class RegisterOptions {
  /** The largest operator key file read: a PEM public key is a few hundred bytes. */
  private static final int MAX_KEY_FILE_BYTES = 16 << 10;

  @Option(names = "--register", paramLabel = "D",
      description = "decide under the verified register in folder D (docs/REGISTER.md); needs --trust")
  Path dir;

  @Option(names = "--trust", paramLabel = "OPERATOR.pub",
      description = "the register operator's public key (PEM), the one key trusted to admit issuers")
  Path trust;

  @Option(names = "--require-release",
      description = "deny records whose digest is in no release in force in the register (reason 'unreleased')")
  boolean requireRelease;

  /**
   * Loads and verifies the register, or returns null when none was named.
   *
   * @throws CommandLine.ParameterException for {@code --register} without {@code --trust} (or the reverse), or
   *     {@code --require-release} without a register, or a key file that is not an Ed25519 public key
   * @throws Refused when the register fails verification
   */
  Register load(CommandLine.Model.CommandSpec spec) {
    if (dir == null) {
      if (trust != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--trust needs --register");
      }
      if (requireRelease) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--require-release needs --register");
      }
      return null;
    }
    if (trust == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--register needs --trust OPERATOR.pub: a register is used only when verified against a pinned key");
    }
    if (!Files.isDirectory(dir)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--register " + TerminalNames.path(dir) + ": not a folder");
    }
    PublicKey operator = readPublicKey(spec, trust);
    Register.LoadOutcome outcome = Register.load(dir, operator, RegisterLimits.defaults());
    if (outcome instanceof Register.Refused r) {
      String where = r.seq() >= 0 ? "entry " + r.seq() : "the register";
      throw new Refused("register " + TerminalNames.path(dir) + " refused: " + where + ": " + r.code() + ": "
          + r.message() + "; nothing was decided");
    }
    return ((Register.Loaded) outcome).register();
  }

  /** Reads the operator's Ed25519 public key (PEM {@code PUBLIC KEY}), as {@code keygen} writes it. */
  static PublicKey readPublicKey(CommandLine.Model.CommandSpec spec, Path file) {
    InputFile.check(spec, file, "--trust");
    try {
      if (Files.size(file) > MAX_KEY_FILE_BYTES) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--trust " + TerminalNames.path(file) + ": too large for a public key");
      }
      return Keys.readPublicKey(file).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
          "--trust " + TerminalNames.path(file) + ": not an Ed25519 public key in PEM"));
    } catch (IOException e) {
      throw new IoFailure("cannot read --trust " + TerminalNames.path(file) + ": " + IoFailure.describe(e), e);
    }
  }

  /** The register failed verification: the command exits {@link Main#WANTING} with this one-line message. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
