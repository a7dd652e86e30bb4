package dev.flywheel.policy.register;

import dev.flywheel.policy.PolicyEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates a register folder and appends entries to it, for the register's publishers (the operator, collectives, the
 * steward). Every append first verifies the whole existing log against {@code operator.pub} of the folder (written by
 * {@link #init}), then checks the new entry by exactly the rules a consumer applies ({@link RegisterLog}), and writes
 * nothing if any check fails: invalid terms, an unadmitted key, a clock behind the log are never appended.
 *
 * <p><b>Crash safety.</b> Each file is replaced whole: written to a temporary file in the folder, forced to disk, and
 * renamed over the old one. The log is replaced before the checkpoint, so an append interrupted at any point leaves
 * either the old register, or the new log with the old checkpoint, which covers a prefix of it and still verifies;
 * never a checkpoint that claims entries the log lacks. A release's digests file is written before the entry that
 * names it. Appends to one folder are serialised by a lock on {@code .lock} in it (between processes of one machine).
 */
public final class RegisterWriter {
  /** The operator's public key, as {@link #init} writes it into the folder, for the folder's own writers. */
  public static final String OPERATOR_PUB = "operator.pub";

  private static final String LOCK = ".lock";

  private RegisterWriter() {
  }

  /**
   * A key that signs: the private key and its public key.
   *
   * @param privateKey the Ed25519 private key
   * @param publicKey the matching public key
   */
  public record Signer(PrivateKey privateKey, PublicKey publicKey) {
    /**
     * Creates the signer.
     *
     * @param privateKey the private key
     * @param publicKey the public key
     * @throws NullPointerException if a component is null
     */
    public Signer {
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(publicKey, "publicKey");
    }

    /** {@return the public key's id} */
    public String keyid() {
      return Keys.keyId(publicKey);
    }
  }

  /** Makes the entry to append, once its position, issuer and time are known. */
  @FunctionalInterface
  public interface EntryFactory {
    /**
     * Makes the entry.
     *
     * @param seq its position
     * @param issuer the issuer the signing key is admitted for
     * @param issuedAt the time of the append
     * @return the entry, with exactly these three values
     */
    RegisterEntry create(long seq, String issuer, Instant issuedAt);
  }

  /** What an append gives. */
  public sealed interface Result permits Appended, Refused {
  }

  /**
   * The entry was appended.
   *
   * @param entry the entry as written
   * @param checkpoint the checkpoint now in the folder (over the new log if an operator key was given, else the
   *     earlier one)
   */
  public record Appended(RegisterEntry entry, Checkpoint checkpoint) implements Result {
  }

  /**
   * Nothing was written.
   *
   * @param seq the entry at fault ({@link LoadResult.Rejected#NO_ENTRY} when none is)
   * @param code a stable code: a verification code of the existing log or of the new entry, or
   *     {@code register-exists}, {@code clock-behind}, {@code release-exists}
   * @param message what is wrong, for a person
   */
  public record Refused(long seq, String code, String message) implements Result {
  }

  /**
   * Creates a register in {@code dir} (made if absent): an empty {@code entries.jsonl}, the operator's checkpoint
   * over it, {@code operator.pub} and {@code releases/}.
   *
   * @param dir the folder; must not hold a register
   * @param operator the operator's key
   * @return the empty register's checkpoint, or refused ({@code register-exists})
   * @throws IOException if writing fails
   */
  public static Result init(Path dir, Signer operator) throws IOException {
    Files.createDirectories(dir);
    if (Files.exists(dir.resolve(RegisterLog.ENTRIES)) || Files.exists(dir.resolve(RegisterLog.CHECKPOINT))) {
      return new Refused(LoadResult.Rejected.NO_ENTRY, "register-exists", dir + " already holds a register");
    }
    Files.createDirectories(dir.resolve(RegisterLog.RELEASES));
    writeAtomically(dir, OPERATOR_PUB, Keys.pem("PUBLIC KEY", operator.publicKey().getEncoded()));
    Checkpoint empty = new Checkpoint(0, HexFormat.of().formatHex(MerkleTree.emptyRoot()));
    writeAtomically(dir, RegisterLog.ENTRIES, new byte[0]);
    writeAtomically(dir, RegisterLog.CHECKPOINT, withLineFeed(Checkpoints.sign(empty, operator.privateKey(),
        operator.keyid())));
    return new Appended(null, empty);
  }

  /**
   * Appends one entry signed by {@code signer}.
   *
   * @param dir the register folder
   * @param signer the issuer's key, admitted in the log (the operator's for {@code admit} and {@code retire})
   * @param operator the operator's key to sign the new checkpoint with, or {@code null} to leave the checkpoint as it
   *     is (it then covers the log without this entry until the operator signs one)
   * @param factory makes the entry
   * @param clock the time of the append ({@code issuedAt})
   * @param limits the register's limits
   * @param engine the engine that checks terms
   * @return appended, or refused with nothing written
   * @throws IOException if reading or writing fails
   */
  public static Result append(Path dir, Signer signer, Signer operator, EntryFactory factory, Clock clock,
                              RegisterLimits limits, PolicyEngine engine) throws IOException {
    return append(dir, signer, operator, factory, clock, limits, engine, null);
  }

  /**
   * Appends a release: writes {@code releases/<release>.digests} (one digest per line), then the entry that names it.
   * The digests file is removed again when the entry is refused.
   *
   * @param dir the register folder
   * @param steward the steward's key
   * @param operator the operator's key for the new checkpoint, or {@code null}
   * @param release the release's id
   * @param digests the records' SHA-256 digests, lower-case hex, in release order
   * @param clock the time of the append
   * @param limits the register's limits
   * @param engine the engine that checks terms
   * @return appended, or refused with nothing written
   * @throws IOException if reading or writing fails
   */
  public static Result appendRelease(Path dir, Signer steward, Signer operator, String release,
                                     List<String> digests, Clock clock, RegisterLimits limits, PolicyEngine engine)
      throws IOException {
    StringBuilder text = new StringBuilder(digests.size() * 65);
    List<byte[]> leaves = new java.util.ArrayList<>(digests.size());
    for (String d : digests) {
      text.append(d).append('\n');
      leaves.add(MerkleTree.leafHash(HexFormat.of().parseHex(d)));
    }
    byte[] file = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String digest = HexFormat.of().formatHex(Keys.sha256(file));
    String root = HexFormat.of().formatHex(MerkleTree.root(leaves));
    EntryFactory factory = (seq, issuer, at) -> new RegisterEntry.Release(seq, issuer, at, release,
        digests.size(), digest, root, List.of());
    return append(dir, steward, operator, factory, clock, limits, engine, new Digests(release, file));
  }

  /**
   * Signs a checkpoint over the whole current log with the operator's key (after appends made without it).
   *
   * @param dir the register folder
   * @param operator the operator's key
   * @param limits the register's limits
   * @param engine the engine that checks terms
   * @return appended (with a null entry) and the new checkpoint, or refused
   * @throws IOException if reading or writing fails
   */
  public static Result signCheckpoint(Path dir, Signer operator, RegisterLimits limits, PolicyEngine engine)
      throws IOException {
    try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
         FileLock lock = lockFile.lock()) {
      Optional<PublicKey> pinned = Keys.readPublicKey(dir.resolve(OPERATOR_PUB));
      if (pinned.isEmpty() || !pinned.get().equals(operator.publicKey())) {
        return new Refused(LoadResult.Rejected.NO_ENTRY, "not-operator",
            "the key is not the operator key of " + dir.resolve(OPERATOR_PUB));
      }
      RegisterLog.Outcome outcome = RegisterLog.verify(dir, pinned.get(), limits, engine, null);
      if (outcome.result() instanceof LoadResult.Rejected r) {
        return new Refused(r.seq(), r.code(), r.message());
      }
      Checkpoint checkpoint = new Checkpoint(outcome.leafHashes().size(),
          HexFormat.of().formatHex(MerkleTree.root(outcome.leafHashes())));
      writeAtomically(dir, RegisterLog.CHECKPOINT, withLineFeed(Checkpoints.sign(checkpoint, operator.privateKey(),
          operator.keyid())));
      return new Appended(null, checkpoint);
    }
  }

  private record Digests(String release, byte[] file) {
  }

  private static Result append(Path dir, Signer signer, Signer operator, EntryFactory factory, Clock clock,
                               RegisterLimits limits, PolicyEngine engine, Digests digests) throws IOException {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(factory, "factory");
    if (!Files.isRegularFile(dir.resolve(RegisterLog.ENTRIES))) {
      return new Refused(LoadResult.Rejected.NO_ENTRY, "log-missing", "no register in " + dir
          + " (create one with 'register init')");
    }
    try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
         FileLock lock = lockFile.lock()) {
      Optional<PublicKey> pinned = Keys.readPublicKey(dir.resolve(OPERATOR_PUB));
      if (pinned.isEmpty()) {
        return new Refused(LoadResult.Rejected.NO_ENTRY, "log-missing", "no operator key in "
            + dir.resolve(OPERATOR_PUB));
      }
      if (operator != null && !operator.publicKey().equals(pinned.get())) {
        return new Refused(LoadResult.Rejected.NO_ENTRY, "not-operator",
            "the operator key given is not the one of " + dir.resolve(OPERATOR_PUB));
      }
      RegisterLog.Outcome outcome = RegisterLog.verify(dir, pinned.get(), limits, engine, null);
      if (outcome.result() instanceof LoadResult.Rejected r) {
        return new Refused(r.seq(), r.code(), "the register does not verify: " + r.message());
      }
      VerifiedLog log = ((LoadResult.Verified) outcome.result()).log();
      RegisterLog.KeyState key = outcome.keys().get(signer.keyid());
      if (key == null || key.retiredAt >= 0) {
        return new Refused(LoadResult.Rejected.NO_ENTRY, key == null ? "unknown-key" : "retired-key",
            "the key " + signer.keyid().substring(0, 16) + "... is " + (key == null ? "not admitted" : "retired")
                + " in this register");
      }
      long seq = log.entries().size();
      Instant now = clock.instant();
      if (seq > 0 && now.isBefore(log.entries().get((int) seq - 1).issuedAt())) {
        return new Refused(seq, "clock-behind", "the clock (" + now + ") is before the last entry's issuedAt ("
            + log.entries().get((int) seq - 1).issuedAt() + ")");
      }
      RegisterEntry entry = factory.create(seq, key.issuer, now);
      byte[] payload = EntryCodec.encode(entry);
      byte[] line = Dsse.toJson(Dsse.sign(RegisterLog.PAYLOAD_TYPE, payload, signer.privateKey(), signer.keyid()));
      Path digestsFile = null;
      if (digests != null) {
        for (RegisterEntry e : log.entries()) {
          if (e instanceof RegisterEntry.Release r && r.release().equals(digests.release())) {
            return new Refused(seq, "duplicate-release", "release '" + r.release() + "' is already recorded");
          }
        }
        Files.createDirectories(dir.resolve(RegisterLog.RELEASES));
        // No entry names this file yet (checked above), so a leftover of an interrupted append is replaced.
        writeAtomically(dir.resolve(RegisterLog.RELEASES), digests.release() + ".digests", digests.file());
        digestsFile = dir.resolve(RegisterLog.RELEASES).resolve(digests.release() + ".digests");
      }
      LoadResult.Rejected bad = outcome.verifier().entry(seq, line);
      if (bad != null) {
        if (digestsFile != null) {
          Files.deleteIfExists(digestsFile);
        }
        return new Refused(bad.seq(), bad.code(), bad.message());
      }
      appendLine(dir, line);
      Checkpoint checkpoint = log.checkpoint();
      if (operator != null) {
        List<byte[]> leaves = new java.util.ArrayList<>(outcome.leafHashes());
        checkpoint = new Checkpoint(leaves.size(), HexFormat.of().formatHex(MerkleTree.root(leaves)));
        writeAtomically(dir, RegisterLog.CHECKPOINT, withLineFeed(Checkpoints.sign(checkpoint,
            operator.privateKey(), operator.keyid())));
      }
      return new Appended(entry, checkpoint);
    }
  }

  /** The log with one more line: a copy of the old log plus the line, renamed over it. */
  private static void appendLine(Path dir, byte[] line) throws IOException {
    Path log = dir.resolve(RegisterLog.ENTRIES);
    Path tmp = Files.createTempFile(dir, ".entries-", ".tmp");
    try {
      Files.copy(log, tmp, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        out.write(java.nio.ByteBuffer.wrap(withLineFeed(line)));
        out.force(true);
      }
      Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void writeAtomically(Path dir, String name, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(dir, "." + name + "-", ".tmp");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
           OutputStream stream = java.nio.channels.Channels.newOutputStream(out)) {
        stream.write(bytes);
        stream.flush();
        out.force(true);
      }
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] withLineFeed(byte[] bytes) {
    byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    out[bytes.length] = '\n';
    return out;
  }
}
