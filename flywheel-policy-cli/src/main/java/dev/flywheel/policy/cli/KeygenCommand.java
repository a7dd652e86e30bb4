package dev.flywheel.policy.cli;

import dev.flywheel.policy.register.Keys;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen}: a new Ed25519 key pair for a register's operator, a collective or the steward. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
        "Write a new Ed25519 key: FILE (the private key, PKCS#8 PEM, created with mode 0600) and FILE.pub (the public "
            + "key, SubjectPublicKeyInfo PEM). Never overwrites either file.",
        "Exit 0 when both were written, 2 when a file exists or the options are wrong, 4 when writing failed."},
    footer = {"", "Example:", "  flywheel-policy keygen --id masakhane --out masakhane.key"})
final class KeygenCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--id", required = true, paramLabel = "ID",
      description = "who the key is for (a collective's name, 'steward' or 'operator'); printed with the key id")
  String id;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the private key's file")
  Path out;

  @Override
  public Integer call() {
    KeyPair pair = Keys.generate();
    try {
      Keys.write(pair, out);
    } catch (FileAlreadyExistsException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), TerminalNames.path(Path.of(e.getFile()))
          + " exists: keygen never overwrites a key");
    } catch (IOException e) {
      throw new IoFailure("cannot write the key " + TerminalNames.path(out) + ": " + IoFailure.describe(e), e);
    }
    spec.commandLine().getOut().println("key for " + TerminalNames.field(id) + ": " + TerminalNames.path(out)
        + " (private, mode 0600) and " + TerminalNames.path(Keys.publicKeyPath(out)) + "; keyid "
        + Keys.keyId(pair.getPublic()));
    return Main.OK;
  }
}
