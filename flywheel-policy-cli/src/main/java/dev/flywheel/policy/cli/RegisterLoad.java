package dev.flywheel.policy.cli;

import dev.flywheel.policy.filter.receipt.Receipt;
import dev.flywheel.policy.filter.receipt.RegisterHistory;
import dev.flywheel.policy.register.LoadResult;
import dev.flywheel.policy.register.MerkleAccumulator;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterLog;
import dev.flywheel.policy.register.VerifiedLog;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * The register of {@code --register D --trust OPERATOR.pub} loaded for a receipt or an audit: the verified log, the
 * register made of it, and the RFC 9162 roots of its prefixes that a receipt names (the leaves are the lines of
 * {@code entries.jsonl}, as the register's own tree). The file is read a second time for the roots; the root over the
 * operator's checkpoint is checked again, so a file changed in between is refused, never half used.
 *
 * @param register the register over every verified entry
 * @param history the register and its prefixes
 * @param state what a receipt names: every verified entry and their root
 * @param roots the root over the first {@code n} entries, for each {@code n} asked for
 */
record RegisterLoad(Register register, RegisterHistory history, Receipt.RegisterState state, Map<Long, String> roots) {

  /**
   * Loads and verifies the register named by {@code options}, or returns null when none was named.
   *
   * @param prefixes sizes of prefixes whose roots are wanted besides the whole
   * @throws CommandLine.ParameterException as {@link RegisterOptions#load}
   * @throws RegisterOptions.Refused when the register fails verification
   */
  static RegisterLoad load(CommandLine.Model.CommandSpec spec, RegisterOptions options, long... prefixes) {
    if (options.dir == null) {
      // The same usage checks as every command with these options.
      options.load(spec);
      return null;
    }
    if (options.trust == null) {
      options.load(spec); // throws the usage error
    }
    if (!Files.isDirectory(options.dir)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--register " + TerminalNames.path(options.dir) + ": not a folder");
    }
    PublicKey operator = RegisterOptions.readPublicKey(spec, options.trust);
    LoadResult result = RegisterLog.load(options.dir, operator, RegisterLimits.defaults());
    if (result instanceof LoadResult.Rejected r) {
      String where = r.seq() >= 0 ? "entry " + r.seq() : "the register";
      throw new RegisterOptions.Refused("register " + TerminalNames.path(options.dir) + " refused: " + where + ": "
          + r.code() + ": " + r.message() + "; nothing was decided");
    }
    VerifiedLog log = ((LoadResult.Verified) result).log();
    Set<Long> wanted = new TreeSet<>();
    wanted.add(log.checkpoint().size());
    wanted.add((long) log.entries().size());
    for (long p : prefixes) {
      if (p >= 0 && p <= log.entries().size()) {
        wanted.add(p);
      }
    }
    Map<Long, String> roots;
    Path entries = options.dir.resolve(RegisterLog.ENTRIES);
    try {
      roots = roots(entries, wanted);
    } catch (IOException e) {
      throw new IoFailure("cannot read " + TerminalNames.path(entries) + ": " + IoFailure.describe(e), e);
    }
    if (!log.checkpoint().rootHash().equals(roots.get(log.checkpoint().size()))) {
      throw new RegisterOptions.Refused("register " + TerminalNames.path(options.dir)
          + " refused: it changed while it was read; nothing was decided");
    }
    RegisterHistory history = new RegisterHistory(log);
    Register register = history.prefix(history.size());
    long size = log.entries().size();
    return new RegisterLoad(register, history, new Receipt.RegisterState(size, roots.get(size),
        options.requireRelease), roots);
  }

  /** The roots over the first {@code n} lines of the file for each wanted {@code n} it has, in one streaming pass. */
  private static Map<Long, String> roots(Path file, Set<Long> wanted) throws IOException {
    Map<Long, String> roots = new HashMap<>();
    MerkleAccumulator tree = new MerkleAccumulator();
    HexFormat hex = HexFormat.of();
    if (wanted.contains(0L)) {
      roots.put(0L, hex.formatHex(tree.root()));
    }
    MessageDigest leaf = sha256();
    leaf.update((byte) 0);
    boolean inLine = false;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            leaf.update(buffer, start, i - start);
            tree.addLeafHash(leaf.digest());
            leaf.update((byte) 0);
            inLine = false;
            start = i + 1;
            if (wanted.contains(tree.size())) {
              roots.put(tree.size(), hex.formatHex(tree.root()));
            }
          } else {
            inLine = true;
          }
        }
        leaf.update(buffer, start, n - start);
      }
    }
    if (inLine) {
      // A last line without its line feed is a leaf all the same, as the register reads it.
      tree.addLeafHash(leaf.digest());
      if (wanted.contains(tree.size())) {
        roots.put(tree.size(), hex.formatHex(tree.root()));
      }
    }
    return roots;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
